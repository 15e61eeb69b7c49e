from __future__ import annotations

from datetime import UTC, datetime

from app.domain.models import MediaItem, MediaKind, MediaStatus
from app.graphql.types import Media

NOW = datetime(2025, 1, 2, tzinfo=UTC)


def test_media_exposes_blurhash_and_dominant_colour() -> None:
    item = MediaItem(
        owner="o1",
        id="01ARZ3NDEKTSV4RRFFQ69G5FAV",
        filename="a.jpg",
        content_type="image/jpeg",
        kind=MediaKind.IMAGE,
        size=10,
        preset="default",
        status=MediaStatus.READY,
        created_at=NOW,
        updated_at=NOW,
        blurhash="LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        dominant_color="#0a78c8",
    )

    media = Media.from_item(item, "https://cdn.example")

    assert media.dominant_color == "#0a78c8"
    assert media.blurhash == "LEHV6nWB2yk8pyo0adR*.7kCMdnj"
