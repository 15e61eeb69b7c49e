"""The token-bucket rule every rate limit here follows, kept as one number per bucket."""

from __future__ import annotations

import pytest

from app.domain.rates import Rate, retry_after_s


def spend_all(rate: Rate, times: int, now: int = 0, full_at: int | None = None) -> list[bool]:
    granted = []
    for _ in range(times):
        after = rate.spend(full_at, now)
        granted.append(after is not None)
        full_at = after if after is not None else full_at
    return granted


def test_a_burst_then_one_unit_per_interval() -> None:
    rate = Rate(per_minute=60, burst=3)
    # GIVEN a fresh bucket THEN a burst of 3 is there at once, and no fourth
    assert spend_all(rate, 4) == [True, True, True, False]
    # WHEN it is empty (full again at 3 s) THEN the next unit is a second away
    assert rate.wait_s(3000, now_ms=0) == 1.0
    assert rate.spend(3000, now_ms=999) is None
    assert rate.spend(3000, now_ms=1000) == 4000


def test_an_idle_bucket_never_holds_more_than_its_burst() -> None:
    rate = Rate(per_minute=600, burst=3)
    assert spend_all(rate, 4, now=3_600_000, full_at=0) == [True, True, True, False]


def test_the_whole_burst_is_there_at_rates_that_do_not_divide_a_minute() -> None:
    for per_minute, burst in [(1000, 200), (7, 3), (60, 100)]:
        assert spend_all(Rate(per_minute, burst), burst + 1) == [True] * burst + [False]
    assert Rate(per_minute=7, burst=1).interval_ms == 8572  # rounded up: never faster than asked


def test_a_cost_of_several_units_is_taken_whole_or_not_at_all() -> None:
    rate = Rate(per_minute=60, burst=5)
    full_at = rate.spend(None, 0, cost=4)
    assert full_at == 4000
    assert rate.spend(full_at, 0, cost=2) is None  # one is left, not two
    assert rate.wait_s(full_at, 0, cost=2) == 1.0
    assert rate.spend(None, 0, cost=6) is None  # more than the bucket ever holds


@pytest.mark.parametrize(("wait", "seconds"), [(0.0, 1), (0.01, 1), (1.0, 1), (1.2, 2), (59.5, 60)])
def test_clients_are_told_whole_seconds_never_zero(wait: float, seconds: int) -> None:
    assert retry_after_s(wait) == seconds


@pytest.mark.parametrize(("per_minute", "burst"), [(0, 1), (1, 0), (-5, 10)])
def test_limits_must_be_positive(per_minute: int, burst: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        Rate(per_minute, burst)
