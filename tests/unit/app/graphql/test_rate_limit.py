"""The in-process buckets: the local stack's request limit and its failed sign-ins per address."""

from __future__ import annotations

import pytest

from app.graphql import rate_limit
from app.graphql.rate_limit import TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_the_steady_rate_per_key() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=2, clock=clock)
    assert buckets.spend("a") is None
    assert buckets.spend("a") is None
    assert buckets.spend("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.spend("a") is None  # one token per second at 60 per minute
    assert buckets.spend("b") is None  # another key has its own bucket


def test_looking_spends_nothing() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=1, clock=clock)
    assert buckets.wait("a") is None
    assert buckets.wait("a") is None
    assert buckets.spend("a") is None
    assert buckets.wait("a") == pytest.approx(1.0)
    assert buckets.spend("a") == pytest.approx(1.0)  # a refusal takes nothing either
    clock.now += 1.0
    assert buckets.wait("a") is None


def test_full_buckets_are_forgotten_when_there_are_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limit, "MAX_KEYS", 3)
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=5, clock=clock)
    for key in ("a", "b", "c"):
        buckets.spend(key)
    clock.now += 10.0  # all three are full again
    buckets.spend("d")
    buckets.spend("e")  # a fifth key: the full ones go, the spent ones stay
    assert set(buckets._full_at) == {"d", "e"}
    assert [buckets.spend("d") is None for _ in range(5)] == [True, True, True, True, False]
