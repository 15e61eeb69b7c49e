"""One function over many files, in worker processes across the CPUs this process may use,
results in input order.

Each worker is pinned to a share of the CPUs of its own, so the media code inside it, which sizes
its encoder threads to the CPUs it may use (processors/cores.py), uses its share and no more: two
files on two cores run as two single-threaded workers, the cheapest way to use both (no task
waits on another, nothing is shared). A single file, or a single CPU, runs here, unforked.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from multiprocessing.queues import SimpleQueue
from pathlib import Path

from processors.cores import allowed_cpus, usable_cpus


def worker_count(items: int) -> int:
    return max(1, min(usable_cpus(), items))


def map_across_cores[T, R](function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`function` must be picklable (a module-level function, or a partial of one); its
    exceptions propagate, as from the built-in `map`."""
    workers = worker_count(len(items))
    if workers == 1:
        return [function(item) for item in items]
    cpus = allowed_cpus()
    context = _context()
    shares: SimpleQueue[list[int]] = context.SimpleQueue()
    for index in range(workers):
        shares.put(cpus[index::workers])
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_pin, initargs=(shares,)) as pool:
        return list(pool.map(function, items))


def _pin(shares: SimpleQueue[list[int]]) -> None:
    share = shares.get()
    if hasattr(os, "sched_setaffinity"):  # elsewhere (macOS) workers share every CPU
        os.sched_setaffinity(0, share)


def _context() -> BaseContext:
    """fork where it is safe: the workers inherit Pillow and our modules already imported, where
    spawn would import them again in each. It is safe only while this process has one thread, as
    the command line does; embedded in a threaded program (a test session whose codecs or servers
    left threads running), a fresh interpreter per worker instead."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _single_threaded():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _single_threaded() -> bool:
    """Native threads count too (a codec's thread pool): Linux lists every one under /proc."""
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return threading.active_count() == 1
