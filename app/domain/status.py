"""The status machine. Repositories turn each allowed transition into a conditional write."""

from __future__ import annotations

from app.domain.models import MediaStatus

AWAITING_UPLOAD = MediaStatus.AWAITING_UPLOAD
PROCESSING = MediaStatus.PROCESSING
READY = MediaStatus.READY
REJECTED = MediaStatus.REJECTED
FAILED = MediaStatus.FAILED

TERMINAL: frozenset[MediaStatus] = frozenset({READY, REJECTED, FAILED})

# PROCESSING -> PROCESSING is a reclaim: allowed only once the previous claim's lease has run out.
TRANSITIONS: dict[MediaStatus, frozenset[MediaStatus]] = {
    AWAITING_UPLOAD: frozenset({PROCESSING}),
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
