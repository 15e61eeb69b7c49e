"""How often and for how long a delivery is tried, and when an endpoint is switched off.

An attempt that fails waits `backoff(attempt)` before the next: 30 s, then four times longer each
time (2 min, 8 min, 32 min, about 2 h, about 8.5 h), capped at 12 h, the longest SQS can hide a
message (ChangeMessageVisibility). With the default 8 attempts a delivery is tried for about a day.
The webhook queue's redrive `maxReceiveCount` must equal `max_attempts`: the message of a delivery
whose last attempt failed then goes to the DLQ on its next receive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# SQS's bound on a message's visibility timeout.
MAX_VISIBILITY = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=30)
    factor: int = 4
    max_delay: timedelta = MAX_VISIBILITY
    # An endpoint whose deliveries end FAILED this many times in a row is disabled.
    disable_after: int = 5
    # How long deliveries are kept for webhookDeliveries (the table's TTL removes them).
    keep_deliveries: timedelta = timedelta(days=30)

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.factor < 1 or self.disable_after < 1:
            raise ValueError("max_attempts, factor and disable_after must be at least 1")
        if not timedelta(0) <= self.first_delay <= self.max_delay <= MAX_VISIBILITY:
            raise ValueError("delays must lie between 0 and SQS's 12 h visibility bound")

    def backoff(self, attempt: int) -> timedelta:
        """How long to wait after failed attempt number `attempt` (1 is the first)."""
        if attempt < 1:
            raise ValueError("attempts count from 1")
        # Capped before multiplying further, so a large attempt number never overflows.
        delay = self.first_delay
        for _ in range(attempt - 1):
            if delay >= self.max_delay:
                break
            delay *= self.factor
        return min(delay, self.max_delay)

    def gives_up(self, attempt: int) -> bool:
        """Whether attempt number `attempt` was the last."""
        return attempt >= self.max_attempts

    def schedule(self) -> list[timedelta]:
        """The waits between attempts, for docs and the CLI: one fewer than the attempts."""
        return [self.backoff(n) for n in range(1, self.max_attempts)]
