from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaStatus
from app.domain.status import (
    CLAIM_AGAIN,
    COMPLETE,
    GUARDS,
    LIMIT_CODES,
    MARK_UPLOADED,
    REOPEN,
    REPROCESS,
    TERMINAL,
    TRANSITIONS,
    Guard,
    When,
    can_transition,
    is_terminal,
    sources_of,
)
from tests.factories import T0, media_item

S = MediaStatus


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.AWAITING_UPLOAD, S.PROCESSING),
        (S.PROCESSING, S.READY),
        (S.PROCESSING, S.REJECTED),
        (S.PROCESSING, S.FAILED),
        (S.PROCESSING, S.PROCESSING),  # a reclaim after the lease lapsed
        (S.FAILED, S.PROCESSING),  # retry
        (S.AWAITING_UPLOAD, S.FAILED),  # given up: its job is dead-lettered, never claimed
        (S.READY, S.PROCESSING),  # reprocess
        (S.REJECTED, S.PROCESSING),  # reprocess of a file rejected by a limit
    ],
)
def test_allowed_transitions(source: MediaStatus, target: MediaStatus) -> None:
    assert can_transition(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.READY, S.FAILED),
        (S.REJECTED, S.READY),
        (S.AWAITING_UPLOAD, S.READY),
        (S.FAILED, S.READY),
        (S.PROCESSING, S.AWAITING_UPLOAD),
    ],
)
def test_nothing_moves_backwards_or_skips_processing(source: MediaStatus, target: MediaStatus) -> None:
    assert not can_transition(source, target)


def test_terminal_states_have_no_way_out_but_retry_and_reprocess() -> None:
    assert {s for s in S if is_terminal(s)} == {S.READY, S.REJECTED, S.FAILED} == TERMINAL
    assert sources_of(S.PROCESSING) == {S.AWAITING_UPLOAD, S.PROCESSING, S.FAILED, S.READY, S.REJECTED}
    assert sources_of(S.READY) == {S.PROCESSING}
    assert sources_of(S.FAILED) == {S.AWAITING_UPLOAD, S.PROCESSING}


# --- the guards: each repository write's precondition ---------------------------------------------


@pytest.mark.parametrize("name", sorted(GUARDS))
def test_each_guard_allows_only_moves_the_table_has(name: str) -> None:
    guard = GUARDS[name]
    assert guard.whens
    for source, target in guard.moves:  # none for release and mark_uploaded: the status stays
        assert can_transition(source, target), (name, source, target)


def test_the_guards_together_make_every_move_the_table_has() -> None:
    made = set().union(*(guard.moves for guard in GUARDS.values()))
    allowed = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}
    assert made == allowed


def test_a_guard_for_a_move_not_in_the_table_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="READY -> FAILED"):
        Guard((When(S.READY),), frozenset({S.FAILED}))
    with pytest.raises(ValueError, match="lease"):
        When(S.FAILED, stalled=True)


def test_a_write_asked_to_move_elsewhere_than_its_guard_allows_is_refused() -> None:
    assert COMPLETE.target(S.REJECTED) is S.REJECTED
    with pytest.raises(ValueError, match="PROCESSING"):
        COMPLETE.target(S.PROCESSING)


def test_stalled_holds_only_once_the_lease_has_run_out() -> None:
    held = media_item(status=S.PROCESSING, lease_expires_at=T0 + timedelta(seconds=60))
    assert not REOPEN.admits(held, now=T0 + timedelta(seconds=59))
    assert REOPEN.admits(held, now=T0 + timedelta(seconds=60))
    assert not REOPEN.admits(replace(held, lease_expires_at=None), now=T0)


def test_only_the_claimed_attempt_may_finish() -> None:
    claimed = media_item(status=S.PROCESSING, attempt=2, lease_expires_at=T0)
    assert COMPLETE.admits(claimed, attempt=2)
    assert not COMPLETE.admits(claimed, attempt=1)
    with pytest.raises(ValueError, match="attempt"):
        COMPLETE.admits(claimed)


def test_a_failed_item_is_claimed_again_only_when_its_retries_ran_out() -> None:
    exhausted = media_item(status=S.FAILED, error=ItemError(ErrorCode.RETRIES_EXHAUSTED, "gave up"))
    assert CLAIM_AGAIN.admits(exhausted, now=T0)
    assert not CLAIM_AGAIN.admits(replace(exhausted, error=ItemError(ErrorCode.TIMEOUT, "slow")), now=T0)
    assert not CLAIM_AGAIN.admits(replace(exhausted, error=None), now=T0)


def test_an_upload_is_marked_only_while_its_ttl_is_set() -> None:
    awaiting = media_item(expires_at=T0)
    assert MARK_UPLOADED.admits(awaiting)
    assert not MARK_UPLOADED.admits(replace(awaiting, expires_at=None))
    assert not MARK_UPLOADED.admits(replace(awaiting, status=S.PROCESSING))


def test_reprocess_admits_ready_items_and_only_rejections_a_limit_could_undo() -> None:
    assert REPROCESS.admits(media_item(status=S.READY))
    for code in LIMIT_CODES:
        assert REPROCESS.admits(media_item(status=S.REJECTED, error=ItemError(code, "over a limit")))
    for code in (ErrorCode.CORRUPT, ErrorCode.TYPE_MISMATCH, ErrorCode.EMPTY, ErrorCode.UNSUPPORTED_TYPE):
        assert not REPROCESS.admits(media_item(status=S.REJECTED, error=ItemError(code, "the file")))
    for status in (S.AWAITING_UPLOAD, S.PROCESSING, S.FAILED):
        assert not REPROCESS.admits(media_item(status=status), now=T0)


def test_no_claim_ever_takes_a_finished_item() -> None:
    # Only reprocessMedia moves a READY or REJECTED item: a late or duplicate event cannot.
    for name, guard in GUARDS.items():
        if name != "reprocess":
            assert not any(source in {S.READY, S.REJECTED} for source, _ in guard.moves), name
