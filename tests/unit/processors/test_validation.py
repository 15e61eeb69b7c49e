from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.errors import ErrorCode
from app.domain.limits import Limits
from app.domain.models import MediaItem, MediaKind, MediaStatus
from app.domain.ports import StoredObject
from processors.validation import check_real_type, check_stored_size
from tests.factories import media_item

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCEPTED = frozenset({"image/jpeg", "image/png", "image/heic", "audio/mp4", "video/mp4"})


def item(content_type: str = "image/jpeg", size: int = 100, kind: MediaKind = MediaKind.IMAGE) -> MediaItem:
    return media_item(content_type=content_type, size=size, kind=kind, status=MediaStatus.PROCESSING)


def stored(size: int) -> StoredObject:
    return StoredObject(size=size, content_type=None, etag="e")


def test_sizes() -> None:
    assert check_stored_size(item(size=100), stored(100), Limits()) is None
    assert check_stored_size(item(size=100), stored(50), Limits()) is None
    empty = check_stored_size(item(size=100), stored(0), Limits())
    assert empty is not None and empty.code is ErrorCode.EMPTY
    # More than declared: the emulator does not enforce the POST policy, so the processor must.
    larger = check_stored_size(item(size=100), stored(101), Limits())
    assert larger is not None and larger.code is ErrorCode.TOO_LARGE
    over_limit = check_stored_size(item(size=10**9), stored(2000), Limits(max_image_bytes=1000))
    assert over_limit is not None and over_limit.code is ErrorCode.TOO_LARGE


@pytest.mark.parametrize(
    ("declared", "kind", "sniffed", "code"),
    [
        ("image/jpeg", MediaKind.IMAGE, "image/jpeg", None),
        ("image/jpeg", MediaKind.IMAGE, "image/heic", None),  # a phone's HEIC named .jpg is still an image
        ("image/jpeg", MediaKind.IMAGE, "image/png", None),
        ("audio/mp4", MediaKind.AUDIO, "video/mp4", None),  # same container; the streams decide later
        ("image/png", MediaKind.IMAGE, None, ErrorCode.TYPE_MISMATCH),
        ("image/png", MediaKind.IMAGE, "text/html", ErrorCode.TYPE_MISMATCH),
        ("image/jpeg", MediaKind.IMAGE, "application/x-msdownload", ErrorCode.TYPE_MISMATCH),
        ("image/jpeg", MediaKind.IMAGE, "video/mp4", ErrorCode.TYPE_MISMATCH),
        (
            "image/jpeg",
            MediaKind.IMAGE,
            "image/gif",
            ErrorCode.UNSUPPORTED_TYPE,
        ),  # an image, but not accepted
    ],
)
def test_real_type(declared: str, kind: MediaKind, sniffed: str | None, code: ErrorCode | None) -> None:
    problem = check_real_type(item(declared, kind=kind), sniffed, ACCEPTED)
    assert (problem.code if problem else None) is code
