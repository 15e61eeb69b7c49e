"""How a benchmark's rounds become one figure: their median, or with BENCH_STAT=min (`--stat min`)
the best round, timeit's convention: on a shared machine the round least disturbed by neighbours
is the closest to what the code itself costs. Ratios compare like with like either way."""

from __future__ import annotations

import os
import statistics
from collections.abc import Iterable


def best() -> bool:
    return os.environ.get("BENCH_STAT") == "min"


def summary(values: Iterable[float]) -> float:
    figures = list(values)
    return min(figures) if best() else statistics.median(figures)


def label() -> str:
    return "best" if best() else "median"
