"""Checks on an original before any decoding: its size, and what its bytes really are."""

from __future__ import annotations

from app.domain.errors import ErrorCode
from app.domain.limits import Limits
from app.domain.media_types import kind_of
from app.domain.models import ItemError, MediaItem
from app.domain.ports import StoredObject

# Containers whose kind (audio or video) the magic bytes alone cannot tell.
_SAME_CONTAINER = {frozenset({"video/mp4", "audio/mp4"}), frozenset({"video/webm", "audio/webm"})}


def check_stored_size(item: MediaItem, stored: StoredObject, limits: Limits) -> ItemError | None:
    """The emulator ignores POST policy conditions, and defence in depth wants the check anyway."""
    if stored.size == 0:
        return ItemError(ErrorCode.EMPTY, "The file is empty.")
    limit = min(item.size, limits.max_bytes(item.kind))
    if stored.size > limit:
        return ItemError(
            ErrorCode.TOO_LARGE,
            f"The file is {stored.size:,} bytes, more than the {limit:,} bytes allowed for this upload.",
        )
    return None


def check_real_type(item: MediaItem, sniffed: str | None, accepted: frozenset[str]) -> ItemError | None:
    """Same kind as declared and a type we accept; the exact declared format may differ (phones
    routinely save HEIC as .jpg), the kind may not."""
    if sniffed is None:
        return ItemError(
            ErrorCode.TYPE_MISMATCH,
            f"The file was declared as {item.content_type}, but its contents are not a recognised "
            f"image, video or audio format.",
        )
    same_container = frozenset({sniffed, item.content_type}) in _SAME_CONTAINER
    if sniffed != item.content_type and not same_container and kind_of(sniffed) != item.kind:
        return ItemError(
            ErrorCode.TYPE_MISMATCH,
            f"The file was declared as {item.content_type}, but its contents are {sniffed}.",
        )
    if sniffed not in accepted:
        return ItemError(ErrorCode.UNSUPPORTED_TYPE, f"Files of type {sniffed} are not accepted.")
    return None
