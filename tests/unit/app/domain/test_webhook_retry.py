from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.webhook_retry import MAX_VISIBILITY, RetryPolicy


def test_the_default_schedule_grows_fourfold_up_to_twelve_hours() -> None:
    schedule = RetryPolicy().schedule()
    assert schedule[:4] == [timedelta(seconds=s) for s in (30, 120, 480, 1920)]
    assert schedule[-1] == MAX_VISIBILITY
    assert len(schedule) == RetryPolicy().max_attempts - 1
    # Retried over hours, a day at most.
    assert timedelta(hours=12) < sum(schedule, timedelta()) <= timedelta(days=1)


def test_the_last_attempt_gives_up() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert [policy.gives_up(n) for n in (1, 2, 3)] == [False, False, True]


def test_a_huge_attempt_number_stays_capped() -> None:
    assert RetryPolicy().backoff(10_000) == MAX_VISIBILITY


def test_bounds_are_refused() -> None:
    with pytest.raises(ValueError, match="12 h"):
        RetryPolicy(max_delay=timedelta(hours=13))
    with pytest.raises(ValueError, match="at least 1"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="count from 1"):
        RetryPolicy().backoff(0)
