"""An item's life as it happened: one entry per repository write that changed the item, written by
that write itself (never a second write path), the newest `SLOTS` kept.

Both repositories build their entries here, so DynamoDB's and the in-memory fake's histories are the
same by construction; adding an event is a line in `Event` and one in `_NOTES`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from app.domain.errors import ErrorCode
from app.domain.models import MediaStatus, Outcome, Processed

if TYPE_CHECKING:
    from app.domain.models import MediaItem

# A few hundred bytes per entry: 24 keep a busy item's last retries and stay far below DynamoDB's
# 400 KB item limit, so an item's record never grows with its age.
SLOTS = 24


class Event(StrEnum):
    CREATED = "CREATED"
    UPLOADED = "UPLOADED"
    CLAIMED = "CLAIMED"
    RECLAIMED = "RECLAIMED"  # a lease that ran out, taken by a later attempt
    REDELIVERED = "REDELIVERED"  # an item given up on, claimed again by its job back from the DLQ
    RELEASED = "RELEASED"  # an attempt gave its lease back after a transient error
    FINISHED = "FINISHED"  # the attempt's terminal state: READY, REJECTED or FAILED
    REOPENED = "REOPENED"  # retryProcessing
    REPROCESSED = "REPROCESSED"  # reprocessMedia: outputs to be remade with a preset
    ABANDONED = "ABANDONED"  # its job went to the dead-letter queue


# The note's wording, per event; `{attempt}` and `{detail}` are filled in by `entry`.
_NOTES: dict[Event, str] = {
    Event.CREATED: "upload requested",
    Event.UPLOADED: "upload arrived",
    Event.CLAIMED: "claimed by attempt {attempt}",
    Event.RECLAIMED: "lease ran out, reclaimed by attempt {attempt}",
    Event.REDELIVERED: "back from the dead-letter queue, claimed by attempt {attempt}",
    Event.RELEASED: "attempt {attempt} gave its lease back",
    Event.FINISHED: "attempt {attempt} ended: {detail}",
    Event.REOPENED: "retry requested",
    Event.REPROCESSED: "reprocess requested with preset {detail}",
    Event.ABANDONED: "given up: {detail}",
}
NOTE_LIMIT = 120  # a note is a phrase: a long error message is cut, its whole text stays in `error`


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One event: `seq` counts the item's events from 1 (its order), `at` is the write's own time,
    `status`, `attempt` and `code` are the item's right after it."""

    seq: int
    at: datetime
    event: Event
    status: MediaStatus
    attempt: int
    code: ErrorCode | None
    note: str


def last_seq(item: MediaItem) -> int:
    """The sequence number of the item's newest event (0: none recorded, as for an item stored
    before history existed)."""
    return item.history[-1].seq if item.history else 0


def slot(seq: int) -> str:
    """Where event `seq` is stored: the oldest of `SLOTS` consecutive events is overwritten."""
    return str(seq % SLOTS)


def claim_event(before: MediaItem, *, arriving: bool) -> Event:
    """Which claim `before` is about to undergo (the note then says why it was claimed again)."""
    if arriving:
        return Event.CLAIMED
    if before.status is MediaStatus.FAILED:
        return Event.REDELIVERED
    # Given back on purpose (released, reopened, reprocessed): a plain claim; else the lease ran out.
    if before.history and before.history[-1].event in {Event.RELEASED, Event.REOPENED, Event.REPROCESSED}:
        return Event.CLAIMED
    return Event.RECLAIMED


def entry(
    before: MediaItem,
    event: Event,
    *,
    at: datetime,
    status: MediaStatus,
    attempt: int,
    code: ErrorCode | None = None,
    detail: str = "",
) -> HistoryEntry:
    """The entry a write of `event` on `before` records, numbered after `before`'s newest."""
    note = _NOTES[event].format(attempt=attempt, detail=detail)
    if len(note) > NOTE_LIMIT:
        note = note[: NOTE_LIMIT - 1] + "…"
    return HistoryEntry(last_seq(before) + 1, at, event, status, attempt, code, note)


def recorded(item: MediaItem, new: HistoryEntry) -> MediaItem:
    """`item` with `new` as its newest event, keeping the newest `SLOTS`."""
    return replace(item, history=(*item.history, new)[-SLOTS:])


def finished_detail(outcome: Outcome) -> str:
    """How an attempt ended, in a few words (the error's whole message stays on the item)."""
    if isinstance(outcome, Processed):
        return f"READY, {len(outcome.variants)} outputs"
    return f"{outcome.status.value}, {outcome.error.message}"
