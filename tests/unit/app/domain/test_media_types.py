from __future__ import annotations

import pytest

from app.domain.media_types import extension_for, kind_of, normalise
from app.domain.models import MediaKind


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("image/JPG", "image/jpeg"),
        ("image/jpeg; charset=binary", "image/jpeg"),
        ("audio/x-wav", "audio/wav"),
        (" Image/PNG ", "image/png"),
        ("text/html", "text/html"),
    ],
)
def test_normalise(declared: str, expected: str) -> None:
    assert normalise(declared) == expected


def test_kinds() -> None:
    assert kind_of("image/heic") is MediaKind.IMAGE
    assert kind_of("video/quicktime") is MediaKind.VIDEO
    assert kind_of("audio/mp3") is MediaKind.AUDIO
    assert kind_of("application/pdf") is None
    assert kind_of("image/svg+xml") is None  # SVG can carry script: never accepted


def test_extensions() -> None:
    assert extension_for("image/jpeg") == "jpg"
    assert extension_for("image/webp") == "webp"
