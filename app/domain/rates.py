"""Rate limits as token buckets, each kept as one number: the millisecond it will be full again.

A bucket holds `burst` units and gains `per_minute` units a minute, as API Gateway's usage plan
counts. Keeping only when it is full again (the generic cell rate algorithm's "theoretical arrival
time") makes spending a comparison and an addition: the in-process buckets do it under a lock, and
DynamoDB does it as a conditional update, so every API Lambda instance spends from the same bucket
(app/adapters/dynamodb_budget.py). Whole milliseconds keep both exact (no float drift can lose the
burst's last unit), and a full bucket is the same as no record at all, so idle keys cost nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rate:
    per_minute: int
    burst: int

    def __post_init__(self) -> None:
        if self.per_minute <= 0 or self.burst <= 0:
            raise ValueError("rate limits must be positive")

    @property
    def interval_ms(self) -> int:
        """How long one spent unit takes to come back (rounded up: never faster than the rate)."""
        return math.ceil(60_000 / self.per_minute)

    def latest_full_at(self, now_ms: int, cost: int = 1) -> int:
        """The latest moment the bucket may be full again and still hold `cost` units now."""
        return now_ms + (self.burst - cost) * self.interval_ms

    def spend(self, full_at_ms: int | None, now_ms: int, cost: int = 1) -> int | None:
        """The bucket's new `full_at` once `cost` units are spent now; None when it holds too few."""
        start = now_ms if full_at_ms is None else max(full_at_ms, now_ms)
        if start > self.latest_full_at(now_ms, cost):
            return None
        return start + cost * self.interval_ms

    def wait_s(self, full_at_ms: int | None, now_ms: int, cost: int = 1) -> float:
        """Seconds until the bucket holds `cost` units (0: it does now)."""
        start = now_ms if full_at_ms is None else max(full_at_ms, now_ms)
        return max(0, start - self.latest_full_at(now_ms, cost)) / 1000


def retry_after_s(wait_s: float) -> int:
    """Whole seconds to tell a client (Retry-After), never 0: told 0, it would come straight back."""
    return max(1, math.ceil(wait_s))
