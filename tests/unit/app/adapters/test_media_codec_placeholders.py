from __future__ import annotations

from typing import Any

from app.adapters.media_codec import from_record, to_record
from app.domain.models import MediaItem, MediaStatus
from tests.factories import media_item


def item(**changes: Any) -> MediaItem:
    return media_item(status=MediaStatus.READY, **changes)


def test_placeholders_survive_a_round_trip() -> None:
    stored = item(blurhash="LEHV6nWB2yk8pyo0adR*.7kCMdnj", dominant_color="#0a78c8")
    assert from_record(to_record(stored)) == stored


def test_items_without_placeholders_have_none() -> None:
    record = to_record(item())
    assert "dominantColor" not in record
    assert from_record(record).dominant_color is None
