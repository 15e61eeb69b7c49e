"""Domain objects for tests, with sensible defaults and any field overridable."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from app.domain.models import MediaItem, MediaKind, MediaStatus

T0 = datetime(2026, 1, 1, tzinfo=UTC)
MEDIA_ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def media_item(**changes: Any) -> MediaItem:
    """An item as createUpload leaves it (AWAITING_UPLOAD), changed as asked."""
    base = MediaItem(
        owner="owner-1",
        id=MEDIA_ID,
        filename="a.jpg",
        content_type="image/jpeg",
        kind=MediaKind.IMAGE,
        size=10,
        preset="default",
        status=MediaStatus.AWAITING_UPLOAD,
        created_at=T0,
        updated_at=T0,
    )
    return replace(base, **changes)
