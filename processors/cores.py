"""How many CPUs this process may use: the size of every pool that does media work.

`os.cpu_count()` counts the machine, not what this process is allowed: `taskset`, a container's
cpuset and `mediapipe process` (which pins each worker process to its share) narrow the affinity
mask, and that is what the scheduler honours. Lambda is different again: every function sees two
or more vCPUs, but gets CPU time in proportion to its memory, one vCPU's worth per 1,769 MB, so a
1,536 MB function with two threads gets no more done than with one, and holds two encoders' memory.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping

# Lambda's documented point of one full vCPU; CPU share grows linearly with memory (up to 6 vCPUs).
LAMBDA_MB_PER_VCPU = 1769
LAMBDA_MEMORY = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"


def allowed_cpus() -> list[int]:
    """The CPU ids this process may run on, lowest first; where the platform has no affinity
    (macOS, Windows), every CPU."""
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:
        return list(range(os.cpu_count() or 1))


def usable_cpus(environ: Mapping[str, str] | None = None) -> int:
    """At least 1: the affinity mask's size, capped in Lambda by the vCPUs its memory buys
    (rounded up: at 2,048 MB a second thread still gets the 0.16 vCPU the first cannot use)."""
    cpus = len(allowed_cpus())
    memory = (os.environ if environ is None else environ).get(LAMBDA_MEMORY, "")
    if memory.isdigit() and int(memory) > 0:
        cpus = min(cpus, math.ceil(int(memory) / LAMBDA_MB_PER_VCPU))
    return max(1, cpus)
