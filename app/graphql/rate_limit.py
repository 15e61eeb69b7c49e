"""Token buckets in this process's memory (app/domain/rates.py): the local stack's request limit per
caller, as the usage plan counts at API Gateway in AWS, and its count of failed sign-ins per source
address. Work that must be counted across Lambda instances uses the DynamoDB budget instead."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from app.domain.rates import Rate

MAX_KEYS = 10_000  # past this many buckets, full ones (the same as none) are forgotten


class TokenBuckets:
    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = Rate(per_minute, burst)
        self._clock = clock
        self._full_at: dict[str, int] = {}  # key -> the millisecond its bucket is full again
        self._lock = threading.Lock()

    def spend(self, key: str, cost: int = 1) -> float | None:
        """None when `cost` units were taken from `key`'s bucket; else the seconds to wait."""
        with self._lock:
            now = self._now_ms()
            full_at = self.rate.spend(self._full_at.get(key), now, cost)
            if full_at is None:
                return self.rate.wait_s(self._full_at.get(key), now, cost)
            self._full_at[key] = full_at
            if len(self._full_at) > MAX_KEYS:
                self._full_at = {k: at for k, at in self._full_at.items() if at > now}
            return None

    def wait(self, key: str) -> float | None:
        """Like `spend`, but only looks: None when one unit is there now."""
        with self._lock:
            wait = self.rate.wait_s(self._full_at.get(key), self._now_ms())
            return wait or None

    def _now_ms(self) -> int:
        return math.floor(self._clock() * 1000)
