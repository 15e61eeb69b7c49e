from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.domain.errors import ErrorCode
from app.domain.limits import Limits
from app.domain.models import MediaItem, MediaKind, MediaStatus
from processors.validation import Declared, check_real_type, check_size
from tests.factories import media_item

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ACCEPTED = frozenset({"image/jpeg", "image/png", "image/heic", "audio/mp4", "video/mp4"})


def item(content_type: str = "image/jpeg", size: int = 100, kind: MediaKind = MediaKind.IMAGE) -> MediaItem:
    return media_item(content_type=content_type, size=size, kind=kind, status=MediaStatus.PROCESSING)


def test_sizes() -> None:
    image = MediaKind.IMAGE
    assert check_size(100, image, Limits(), declared_size=100) is None
    assert check_size(50, image, Limits(), declared_size=100) is None
    empty = check_size(0, image, Limits(), declared_size=100)
    assert empty is not None and empty.code is ErrorCode.EMPTY
    # More than declared: the emulator does not enforce the POST policy, so the processor must.
    larger = check_size(101, image, Limits(), declared_size=100)
    assert larger is not None and larger.code is ErrorCode.TOO_LARGE
    over_limit = check_size(2000, image, Limits(max_image_bytes=1000), declared_size=10**9)
    assert over_limit is not None and over_limit.code is ErrorCode.TOO_LARGE


def test_sizes_of_a_local_file_against_its_real_kind() -> None:
    # Nothing declared: the limit of the kind the bytes are
    assert check_size(2000, MediaKind.IMAGE, Limits(max_image_bytes=1000)) is not None
    assert check_size(2000, MediaKind.AUDIO, Limits(max_image_bytes=1000)) is None
    # bytes of no kind: only emptiness here, the type check refuses them
    assert check_size(10**12, None, Limits()) is None
    empty = check_size(0, None, Limits())
    assert empty is not None and empty.code is ErrorCode.EMPTY


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
    problem = check_real_type(sniffed, ACCEPTED, Declared.of(item(declared, kind=kind)))
    assert (problem.code if problem else None) is code


@pytest.mark.parametrize(
    ("sniffed", "code"),
    [
        ("image/jpeg", None),
        ("video/mp4", None),  # any kind: a local file claims only to be media
        ("image/gif", ErrorCode.UNSUPPORTED_TYPE),  # media, but not accepted
        (None, ErrorCode.TYPE_MISMATCH),  # no media at all: not what handing it over claims
        ("text/html", ErrorCode.TYPE_MISMATCH),
        ("application/pdf", ErrorCode.TYPE_MISMATCH),
    ],
)
def test_real_type_of_a_local_file(sniffed: str | None, code: ErrorCode | None) -> None:
    problem = check_real_type(sniffed, ACCEPTED, None)
    assert (problem.code if problem else None) is code
