"""The pools' size: the CPUs this process may use, and in Lambda no more than its memory buys."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from processors import cores
from processors.cores import usable_cpus


@pytest.fixture
def four_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)


@pytest.fixture
def one_allowed_cpu() -> Iterator[int]:
    """This very process restricted to one CPU, as `taskset -c N` would, and given back after."""
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this platform")
    before = os.sched_getaffinity(0)
    cpu = min(before)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)


def test_the_affinity_mask_decides_not_the_machine(one_allowed_cpu: int) -> None:
    assert usable_cpus({}) == 1
    assert cores.allowed_cpus() == [one_allowed_cpu]


def test_every_allowed_cpu_counts(four_cpus: None) -> None:
    assert usable_cpus({}) == 4
    assert cores.allowed_cpus() == [0, 1, 2, 3]


def test_without_affinity_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a platform without sched_getaffinity (macOS, Windows)
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert usable_cpus({}) == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # "undeterminable"
    assert usable_cpus({}) == 1


@pytest.mark.parametrize(
    ("memory_mb", "expected"),
    [
        ("128", 1),
        ("1536", 1),  # sees two vCPUs, gets 0.87 of one
        ("1769", 1),  # exactly one vCPU
        ("2048", 2),  # 1.16 vCPUs: a second thread gets the part the first cannot use
        ("3008", 2),
        ("3538", 2),
        ("5307", 3),
        ("10240", 4),  # six vCPUs' worth, but only four CPUs allowed
    ],
)
def test_in_lambda_the_memory_buys_the_vcpus(four_cpus: None, memory_mb: str, expected: int) -> None:
    assert usable_cpus({"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": memory_mb}) == expected


@pytest.mark.parametrize("memory_mb", ["", "0", "lots", "-1"])
def test_a_memory_that_says_nothing_is_ignored(four_cpus: None, memory_mb: str) -> None:
    assert usable_cpus({"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": memory_mb}) == 4


def test_the_process_environment_by_default(four_cpus: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1536")
    assert usable_cpus() == 1
    monkeypatch.delenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    assert usable_cpus() == 4
