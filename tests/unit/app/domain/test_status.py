from __future__ import annotations

import pytest

from app.domain.models import MediaStatus
from app.domain.status import TERMINAL, can_transition, is_terminal, sources_of

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
    ],
)
def test_allowed_transitions(source: MediaStatus, target: MediaStatus) -> None:
    assert can_transition(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (S.READY, S.PROCESSING),
        (S.REJECTED, S.PROCESSING),
        (S.READY, S.FAILED),
        (S.AWAITING_UPLOAD, S.READY),
        (S.FAILED, S.READY),
        (S.PROCESSING, S.AWAITING_UPLOAD),
    ],
)
def test_nothing_moves_backwards_or_skips_processing(source: MediaStatus, target: MediaStatus) -> None:
    assert not can_transition(source, target)


def test_terminal_states_have_no_way_out_but_retry_of_failed() -> None:
    assert {s for s in S if is_terminal(s)} == {S.READY, S.REJECTED, S.FAILED} == TERMINAL
    assert sources_of(S.PROCESSING) == {S.AWAITING_UPLOAD, S.PROCESSING, S.FAILED}
    assert sources_of(S.READY) == {S.PROCESSING}
    assert sources_of(S.FAILED) == {S.AWAITING_UPLOAD, S.PROCESSING}
