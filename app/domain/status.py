"""The status machine, and each repository write's precondition as data (a `Guard`).

This module is where the rules live: the DynamoDB repository renders each guard into its
ConditionExpression (app/adapters/guard_conditions.py), the in-memory fake and the API's own checks
evaluate it with `Guard.admits`. A guard can only name moves `TRANSITIONS` allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.errors import ErrorCode
from app.domain.models import MediaItem, MediaStatus

AWAITING_UPLOAD = MediaStatus.AWAITING_UPLOAD
PROCESSING = MediaStatus.PROCESSING
READY = MediaStatus.READY
REJECTED = MediaStatus.REJECTED
FAILED = MediaStatus.FAILED

TERMINAL: frozenset[MediaStatus] = frozenset({READY, REJECTED, FAILED})

# PROCESSING -> PROCESSING is a reclaim: allowed only once the previous claim's lease has run out.
# AWAITING_UPLOAD -> FAILED is giving up on an upload whose job reached the dead-letter queue before
# any worker claimed it (its batch's worker died first). READY -> PROCESSING and REJECTED ->
# PROCESSING are reprocessMedia only (`REPROCESS`): no event or claim ever moves a finished item.
TRANSITIONS: dict[MediaStatus, frozenset[MediaStatus]] = {
    AWAITING_UPLOAD: frozenset({PROCESSING, FAILED}),
    PROCESSING: frozenset({PROCESSING, READY, REJECTED, FAILED}),
    FAILED: frozenset({PROCESSING}),
    READY: frozenset({PROCESSING}),
    REJECTED: frozenset({PROCESSING}),
}

# The rejections a change of limits (stack config) can undo: the file broke no rule of its own, it
# was only bigger, longer or busier than allowed. Reprocessing one under the new limits may succeed;
# a corrupt, empty or mistyped file would be refused again, so it may not be reprocessed.
LIMIT_CODES: frozenset[ErrorCode] = frozenset(
    {
        ErrorCode.TOO_LARGE,
        ErrorCode.TOO_MANY_PIXELS,
        ErrorCode.UNSUPPORTED_DIMENSIONS,
        ErrorCode.TOO_MUCH_METADATA,
        ErrorCode.TOO_MANY_FRAMES,
        ErrorCode.TOO_LONG,
        ErrorCode.TOO_COMPLEX,
    }
)


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


# --- the guards: which items each repository write may apply to ---------------------------------


@dataclass(frozen=True, slots=True)
class When:
    """One state an item may be in for a write to apply: `status`, and every condition asked for."""

    status: MediaStatus
    stalled: bool = False  # its lease has run out (`is_stalled`): nobody holds it
    same_attempt: bool = False  # its attempt is the caller's: only the claimer may finish or release
    upload_pending: bool = False  # its upload TTL is still set
    error_code: ErrorCode | None = None  # its error has this code

    def __post_init__(self) -> None:
        if self.stalled and self.status is not PROCESSING:
            raise ValueError("only a PROCESSING item holds a lease that can run out")

    def holds(self, item: MediaItem, *, now: datetime | None, attempt: int | None) -> bool:
        return (
            item.status is self.status
            and (not self.stalled or is_stalled(item, _named(now, "the time")))
            and (not self.same_attempt or item.attempt == _named(attempt, "the caller's attempt"))
            and (not self.upload_pending or item.expires_at is not None)
            and (self.error_code is None or (item.error is not None and item.error.code is self.error_code))
        )


@dataclass(frozen=True, slots=True)
class Guard:
    """A write's precondition: the item is in any one of `whens`, and the write moves it to one of
    `targets` (none: its status stays, only its lease or TTL changes). Built only from moves
    `TRANSITIONS` allows; the item's deletion not having begun is the repositories' own clause."""

    whens: tuple[When, ...]
    targets: frozenset[MediaStatus] = frozenset()

    def __post_init__(self) -> None:
        for when in self.whens:
            for target in self.targets:
                if not can_transition(when.status, target):
                    raise ValueError(f"{when.status} -> {target} is not in TRANSITIONS")

    @property
    def moves(self) -> frozenset[tuple[MediaStatus, MediaStatus]]:
        """Every (source, target) this guard lets a write make."""
        return frozenset((when.status, target) for when in self.whens for target in self.targets)

    def admits(self, item: MediaItem, *, now: datetime | None = None, attempt: int | None = None) -> bool:
        """Whether the write may apply to `item`. `now` is needed by the guards that ask whether a
        lease ran out, `attempt` (the caller's claim) by those that ask for the same attempt."""
        return any(when.holds(item, now=now, attempt=attempt) for when in self.whens)

    def target(self, status: MediaStatus) -> MediaStatus:
        """`status`, if this write may move an item there; a write asked to go elsewhere is a bug."""
        if status not in self.targets:
            raise ValueError(f"this write never moves an item to {status}")
        return status


def _named[T](value: T | None, what: str) -> T:
    """A guard that depends on `what` cannot be judged without it (a bug in the caller)."""
    if value is None:
        raise ValueError(f"this guard depends on {what}: pass it")
    return value


# PROCESSING under a lease that ran out: the worker is gone (or gave the lease back with `release`).
STALLED = When(PROCESSING, stalled=True)
HELD = When(PROCESSING, same_attempt=True)

# The upload's first claim (it counts in the owner's usage, so it is a guard of its own).
CLAIM_ARRIVAL = Guard((When(AWAITING_UPLOAD),), frozenset({PROCESSING}))
# A claim of a lapsed lease, or of an item given up on whose job came back from the DLQ.
CLAIM_AGAIN = Guard((STALLED, When(FAILED, error_code=ErrorCode.RETRIES_EXHAUSTED)), frozenset({PROCESSING}))
# Only the attempt that claimed the item may finish it.
COMPLETE = Guard((HELD,), frozenset({READY, REJECTED, FAILED}))
# Give the lease back early (transient errors) so a redelivery can reclaim at once.
RELEASE = Guard((HELD,))
# retryProcessing: back to PROCESSING with a lapsed lease, for the queued job to claim.
REOPEN = Guard((When(FAILED), STALLED), frozenset({PROCESSING}))
# reprocessMedia: a READY item (its outputs stay until the new ones replace them), or one REJECTED
# by a limit, back to PROCESSING with a lapsed lease, for the queued job to claim (as `REOPEN`).
REPROCESS = Guard(
    (When(READY), *(When(REJECTED, error_code=code) for code in sorted(LIMIT_CODES))),
    frozenset({PROCESSING}),
)
# The upload arrived: drop the TTL meant for uploads that never come.
MARK_UPLOADED = Guard((When(AWAITING_UPLOAD, upload_pending=True),))
# Give up on an item nobody works on (its job is, or is going, to the DLQ).
ABANDON = Guard((When(AWAITING_UPLOAD), STALLED), frozenset({FAILED}))

GUARDS: dict[str, Guard] = {
    "claim_arrival": CLAIM_ARRIVAL,
    "claim_again": CLAIM_AGAIN,
    "complete": COMPLETE,
    "release": RELEASE,
    "reopen": REOPEN,
    "reprocess": REPROCESS,
    "mark_uploaded": MARK_UPLOADED,
    "abandon": ABANDON,
}
