from __future__ import annotations

from datetime import UTC, datetime

from app.domain.models import MediaStatus
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
