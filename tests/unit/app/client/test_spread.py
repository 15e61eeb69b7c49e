"""map_across_cores: one worker process per usable CPU, each pinned to its own share; results
in input order; a failure comes out as from `map`."""

from __future__ import annotations

import math
import os

import pytest

from app.client import spread
from app.client.spread import map_across_cores, worker_count
from processors.cores import allowed_cpus

several_cpus = pytest.mark.skipif(len(allowed_cpus()) < 2, reason="needs two CPUs to spread over")


def test_one_cpu_or_one_item_runs_here_unforked(monkeypatch: pytest.MonkeyPatch) -> None:
    here = os.getpid()
    assert map_across_cores(lambda _: os.getpid(), ["only"]) == [here]  # a lambda: never pickled
    monkeypatch.setattr(spread, "usable_cpus", lambda: 1)
    assert map_across_cores(lambda item: (item, os.getpid()), ["a", "b"]) == [("a", here), ("b", here)]


def test_as_many_workers_as_cpus_and_no_more_than_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spread, "usable_cpus", lambda: 4)
    assert [worker_count(n) for n in (0, 1, 3, 4, 9)] == [1, 1, 3, 4, 4]


@several_cpus
def test_results_in_input_order() -> None:
    assert map_across_cores(math.sqrt, [81.0, 4.0, 1.0, 49.0, 9.0]) == [9.0, 2.0, 1.0, 7.0, 3.0]


@several_cpus
def test_each_worker_is_pinned_to_a_share_of_its_own() -> None:
    # WHEN workers report the CPUs they may use
    seen = map_across_cores(os.sched_getaffinity, [0] * 8)

    # THEN each may use only a part of the CPUs allowed here (its encoders size themselves to it)
    assert all(0 < len(cpus) < len(allowed_cpus()) for cpus in seen)
    assert set().union(*seen) <= set(allowed_cpus())


@several_cpus
def test_a_failure_propagates() -> None:
    with pytest.raises(ValueError, match="math domain error"):
        map_across_cores(math.sqrt, [4.0, -1.0, 9.0])
