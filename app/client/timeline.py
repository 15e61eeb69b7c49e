"""An item's history (the API's `history` field) as a timeline: each event with the time since the
one before, and the total from the first to the last. Plain data in, plain rows out, so `mediapipe
trace` prints it and a test reads it without a terminal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    at: datetime
    since_previous: float | None  # seconds; None for the first event shown
    status: str
    attempt: int
    code: str | None
    note: str


@dataclass(frozen=True, slots=True)
class Timeline:
    steps: tuple[Step, ...]

    @property
    def total(self) -> float:
        """Seconds from the first event shown to the last (the oldest may have been overwritten)."""
        return (self.steps[-1].at - self.steps[0].at).total_seconds() if self.steps else 0.0


def timeline(history: list[dict[str, Any]]) -> Timeline:
    """`history` as the API returns it (oldest first)."""
    steps: list[Step] = []
    previous: datetime | None = None
    for event in history:
        at = datetime.fromisoformat(event["at"])
        steps.append(
            Step(
                at=at,
                since_previous=None if previous is None else (at - previous).total_seconds(),
                status=event["status"],
                attempt=event["attempt"],
                code=event.get("code"),
                note=event["note"],
            )
        )
        previous = at
    return Timeline(tuple(steps))


def seconds(value: float | None) -> str:
    """`+0.42 s`: how long after the previous event (blank for the first)."""
    return "" if value is None else f"+{value:.2f} s"
