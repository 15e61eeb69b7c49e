"""The per-item processing time budget, enforced cooperatively.

Native decoders cannot be interrupted from Python, so the media code checks the deadline between
steps and inside every frame loop; the guards before decoding (pixels, frames, duration) keep any
single native call short. An item over budget ends REJECTED with TOO_COMPLEX: the same input would
need the same work again, so a retry cannot help.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.domain.errors import ErrorCode, InputRejected


@dataclass(slots=True)
class Deadline:
    seconds: float
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def elapsed(self) -> float:
        return self.clock() - self.started

    def check(self, stage: str) -> None:
        """Raise TOO_COMPLEX once the budget is spent; `stage` says where, for the message."""
        if self.elapsed > self.seconds:
            raise InputRejected(
                f"Processing stopped while {stage}: the file needs more than the "
                f"{self.seconds:g} s of processing allowed per item.",
                ErrorCode.TOO_COMPLEX,
            )


def unlimited() -> Deadline:
    """For callers (tests, tools) that want no budget at all."""
    return Deadline(float("inf"))
