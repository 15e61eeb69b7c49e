from __future__ import annotations

import pytest

from app.graphql.rate_limit import TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_the_steady_rate() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=2, clock=clock)
    assert buckets.retry_after("a") is None
    assert buckets.retry_after("a") is None
    wait = buckets.retry_after("a")
    assert wait == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.retry_after("a") is None  # one token per second at 60 per minute
    assert buckets.retry_after("b") is None  # another key has its own bucket


def test_tokens_never_exceed_the_burst() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=600, burst=3, clock=clock)
    clock.now += 3600
    assert [buckets.retry_after("a") is None for _ in range(4)] == [True, True, True, False]


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBuckets(per_minute=0, burst=1)
