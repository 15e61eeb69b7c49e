"""The entries every repository records: numbering, the bound, and which claim a claim is."""

from __future__ import annotations

from datetime import timedelta

from app.domain.errors import ErrorCode
from app.domain.history import NOTE_LIMIT, SLOTS, Event, claim_event, entry, last_seq, recorded, slot
from app.domain.models import ItemError, MediaStatus
from tests.factories import T0, media_item


def test_entries_are_numbered_after_the_newest_and_only_the_newest_slots_are_kept() -> None:
    item = media_item()
    for n in range(SLOTS + 3):
        item = recorded(
            item, entry(item, Event.UPLOADED, at=T0 + timedelta(seconds=n), status=item.status, attempt=0)
        )
    assert len(item.history) == SLOTS
    assert [e.seq for e in item.history] == list(range(4, SLOTS + 4))
    assert last_seq(item) == SLOTS + 3
    # consecutive events never share a slot within the bound: the oldest is the one overwritten
    assert len({slot(e.seq) for e in item.history}) == SLOTS


def test_a_claim_says_why_the_item_was_claimed_again() -> None:
    awaiting = media_item()
    assert claim_event(awaiting, arriving=True) is Event.CLAIMED
    lapsed = media_item(status=MediaStatus.PROCESSING, attempt=1)
    assert claim_event(lapsed, arriving=False) is Event.RECLAIMED
    released = recorded(lapsed, entry(lapsed, Event.RELEASED, at=T0, status=lapsed.status, attempt=1))
    assert claim_event(released, arriving=False) is Event.CLAIMED
    exhausted = media_item(status=MediaStatus.FAILED, error=ItemError(ErrorCode.RETRIES_EXHAUSTED, "gave up"))
    assert claim_event(exhausted, arriving=False) is Event.REDELIVERED


def test_a_long_detail_is_cut_to_a_phrase() -> None:
    item = media_item(status=MediaStatus.PROCESSING, attempt=2)
    long = entry(item, Event.ABANDONED, at=T0, status=MediaStatus.FAILED, attempt=2, detail="x" * 500)
    assert len(long.note) == NOTE_LIMIT and long.note.endswith("…")
    short = entry(item, Event.RECLAIMED, at=T0, status=MediaStatus.PROCESSING, attempt=3)
    assert short.note == "lease ran out, reclaimed by attempt 3"
