from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from app.adapters.media_codec import from_record, to_record
from app.domain.models import MediaItem, MediaKind, MediaStatus

NOW = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)


def item(**changes: Any) -> MediaItem:
    base = MediaItem(
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
    )
    return replace(base, **changes)


def test_placeholders_survive_a_round_trip() -> None:
    stored = item(blurhash="LEHV6nWB2yk8pyo0adR*.7kCMdnj", dominant_color="#0a78c8")
    assert from_record(to_record(stored)) == stored


def test_items_without_placeholders_have_none() -> None:
    record = to_record(item())
    assert "dominantColor" not in record
    assert from_record(record).dominant_color is None
