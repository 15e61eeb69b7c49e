"""Ours on one core and on every usable core (the affinity mask restricted with
os.sched_setaffinity, as `taskset` would), and what that makes each Lambda memory size cost per
image: the figures docs/performance.md chooses the stacks' processor memory from.

Lambda gives a function CPU time in proportion to its memory, one vCPU's worth at 1,769 MB, and
bills GB-seconds of wall time. For CPU-bound work at a share of s vCPUs the wall time is
max(wall with the threads it runs, CPU / s): below the point where the share is all used, a bigger
function finishes sooner for the same money; past it, it pays for CPU it cannot use.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from summary import label, summary

from processors.cores import LAMBDA_MB_PER_VCPU

# Lambda list prices per GB-second, us-east-1, first pricing tier (eu-west-1 is the same).
PRICE_PER_GB_S = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
MEMORY_SIZES_MB = (1024, 1536, 1769, 2048, 2560, 3008, 3538)


@dataclass(frozen=True)
class PerImage:
    cpu_ms: float
    wall_ms: float


@contextmanager
def cpus(count: int) -> Iterator[None]:
    """This process (and the threads it starts meanwhile) restricted to its first `count` CPUs."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, sorted(before)[:count])
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def per_image(
    photos: dict[str, bytes], process: Callable[[bytes], object], rounds: int
) -> dict[int, PerImage]:
    """CPU and wall ms per image (median or best) at 1 and at every usable CPU, interleaved round by round."""
    counts = sorted({1, len(os.sched_getaffinity(0))})
    samples: dict[int, list[tuple[float, float]]] = {count: [] for count in counts}
    for count in counts:
        with cpus(count):
            process(next(iter(photos.values())))  # warm-up
    for _ in range(rounds):
        for count in counts:
            with cpus(count):
                for data in photos.values():
                    cpu, wall = time.process_time(), time.perf_counter()
                    process(data)
                    samples[count].append(
                        ((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000)
                    )
    return {
        count: PerImage(summary(c for c, _ in runs), summary(w for _, w in runs))
        for count, runs in samples.items()
    }


def lambda_wall_ms(memory_mb: int, measured: dict[int, PerImage]) -> tuple[int, float]:
    """(threads our pools would use, estimated wall ms per image) at `memory_mb`: the measured
    figure for that many cores, stretched when the CPU share is smaller than the CPU needed."""
    share = memory_mb / LAMBDA_MB_PER_VCPU
    threads = min(math.ceil(share), max(measured))
    figures = measured[threads] if threads in measured else measured[1]
    return threads, max(figures.wall_ms, figures.cpu_ms / share)


def report(measured: dict[int, PerImage]) -> None:
    print(f"\n## Ours per image on 1 core and on every core (affinity restricted; {label()} ms)\n")
    print("| usable cores | CPU ms | wall ms | CPU / wall |")
    print("|---:|---:|---:|---:|")
    for count, figures in measured.items():
        parallelism = figures.cpu_ms / figures.wall_ms
        print(f"| {count} | {figures.cpu_ms:.0f} | {figures.wall_ms:.0f} | {parallelism:.2f} |")
    most = measured[max(measured)]
    parallelism = most.cpu_ms / most.wall_ms
    print(
        f"\nThe largest memory whose CPU share the pipeline can still use ({max(measured)} threads, "
        f"CPU / wall {parallelism:.2f}): {LAMBDA_MB_PER_VCPU} x {parallelism:.2f} = "
        f"**{LAMBDA_MB_PER_VCPU * parallelism:.0f} MB**; above it a bigger function costs more per image "
        "and is no faster."
    )
    print("\n## Processor memory: estimated wall and cost per image (CPU-bound model above)\n")
    print(
        "| memory MB | vCPU share | threads | wall ms | GB-s | x86_64 $ / 1M images | arm64 $ / 1M images |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for memory in MEMORY_SIZES_MB:
        threads, wall = lambda_wall_ms(memory, measured)
        gb_s = memory / 1024 * wall / 1000
        costs = " | ".join(f"{gb_s * price * 1e6:.2f}" for price in PRICE_PER_GB_S.values())
        share = memory / LAMBDA_MB_PER_VCPU
        print(f"| {memory} | {share:.2f} | {threads} | {wall:.0f} | {gb_s:.3f} | {costs} |")
