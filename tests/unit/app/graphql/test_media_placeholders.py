from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaStatus
from app.graphql.types import Media
from tests.factories import media_item
from tests.fakes import fake_links

NOW = datetime(2025, 1, 2, tzinfo=UTC)


def test_media_exposes_blurhash_and_dominant_colour() -> None:
    item = media_item(
        status=MediaStatus.READY,
        blurhash="LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        dominant_color="#0a78c8",
    )

    media = Media.from_item(item, fake_links())

    assert media.dominant_color == "#0a78c8"
    assert media.blurhash == "LEHV6nWB2yk8pyo0adR*.7kCMdnj"


def test_media_says_whether_reprocess_takes_it_as_the_guard_does() -> None:
    def reprocessable(**changes: Any) -> bool:
        return Media.from_item(media_item(**changes), fake_links()).reprocessable

    assert reprocessable(status=MediaStatus.READY)
    assert reprocessable(status=MediaStatus.REJECTED, error=ItemError(ErrorCode.TOO_LONG, "long"))
    assert not reprocessable(status=MediaStatus.REJECTED, error=ItemError(ErrorCode.CORRUPT, "broken"))
    assert not reprocessable(status=MediaStatus.FAILED, error=ItemError(ErrorCode.TIMEOUT, "slow"))
    assert not reprocessable(status=MediaStatus.AWAITING_UPLOAD)
