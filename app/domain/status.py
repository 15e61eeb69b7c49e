"""The status machine. Repositories turn each allowed transition into a conditional write."""

from __future__ import annotations

from datetime import datetime

from app.domain.models import MediaItem, MediaStatus

AWAITING_UPLOAD = MediaStatus.AWAITING_UPLOAD
PROCESSING = MediaStatus.PROCESSING
READY = MediaStatus.READY
REJECTED = MediaStatus.REJECTED
FAILED = MediaStatus.FAILED

TERMINAL: frozenset[MediaStatus] = frozenset({READY, REJECTED, FAILED})

# PROCESSING -> PROCESSING is a reclaim: allowed only once the previous claim's lease has run out.
# AWAITING_UPLOAD -> FAILED is giving up on an upload whose job reached the dead-letter queue before
# any worker claimed it (its batch's worker died first).
TRANSITIONS: dict[MediaStatus, frozenset[MediaStatus]] = {
    AWAITING_UPLOAD: frozenset({PROCESSING, FAILED}),
    PROCESSING: frozenset({PROCESSING, READY, REJECTED, FAILED}),
    FAILED: frozenset({PROCESSING}),
    READY: frozenset(),
    REJECTED: frozenset(),
}


def can_transition(source: MediaStatus, target: MediaStatus) -> bool:
    return target in TRANSITIONS[source]


def sources_of(target: MediaStatus) -> frozenset[MediaStatus]:
    """Every status an item may be in for a move to `target` to be allowed."""
    return frozenset(source for source, targets in TRANSITIONS.items() if target in targets)


def is_terminal(status: MediaStatus) -> bool:
    return status in TERMINAL


def is_stalled(item: MediaItem, now: datetime) -> bool:
    """PROCESSING, but its worker's lease has run out: nobody is working on it right now."""
    return (
        item.status is MediaStatus.PROCESSING
        and item.lease_expires_at is not None
        and item.lease_expires_at <= now
    )


def is_gone(item: MediaItem | None) -> bool:
    """Deleted, or being deleted (a delete never stops halfway for good): hidden from its owner,
    and whatever a processor writes for it belongs to nobody."""
    return item is None or item.deleting_since is not None
