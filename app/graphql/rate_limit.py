"""A token bucket per API key. In AWS the usage plan does this at API Gateway; the local stack
applies the same numbers itself, so clients meet the same 429s everywhere."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBuckets:
    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError("rate limits must be positive")
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # owner -> (tokens, at)
        self._lock = threading.Lock()

    def retry_after(self, owner: str) -> float | None:
        with self._lock:
            now = self._clock()
            tokens, at = self._buckets.get(owner, (self._burst, now))
            tokens = min(self._burst, tokens + (now - at) * self._rate)
            if tokens >= 1.0:
                self._buckets[owner] = (tokens - 1.0, now)
                return None
            self._buckets[owner] = (tokens, now)
            return (1.0 - tokens) / self._rate
