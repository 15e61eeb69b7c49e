"""OrderedPool: results in submission order; the first failure cancels the rest and is raised."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from processors.ordered import OrderedPool

WAIT_S = 10  # a safety net for a broken pool, never a timing assumption


class Boom(Exception):
    pass


def until(condition: Callable[[], bool]) -> None:
    """Keeps a worker thread busy until `condition` holds, so no thread comes free before it."""
    for _ in range(WAIT_S * 1000):
        if condition():
            return
        threading.Event().wait(0.001)
    raise AssertionError("the condition never held")


def third_task_finished(pool: OrderedPool[str]) -> Callable[[], bool]:
    """Finished without running: cancelled, or skipped when it came off the queue (white box)."""
    return lambda: len(pool._futures) == 3 and pool._futures[2].done()


def test_one_worker_runs_each_task_where_and_when_it_is_submitted() -> None:
    ran: list[str] = []

    def task() -> int:
        ran.append(threading.current_thread().name)
        return 1

    with OrderedPool[int](1) as pool:
        assert not pool.concurrent
        pool.submit(task)
        assert ran == [threading.current_thread().name]  # already done, on this thread
        pool.submit(lambda: 2)
        assert pool.results() == [1, 2]


def test_results_come_in_submission_order_whatever_finishes_first() -> None:
    # GIVEN a first task that cannot finish before the second has
    second_done = threading.Event()

    def first() -> str:
        assert second_done.wait(WAIT_S)
        return "first"

    def second() -> str:
        second_done.set()
        return "second"

    # WHEN both run at once
    with OrderedPool[str](2) as pool:
        assert pool.concurrent
        pool.submit(first)
        pool.submit(second)
        results = pool.results()

    # THEN the first submitted comes first
    assert results == ["first", "second"]


def test_the_first_failure_is_raised_and_what_had_not_started_never_runs() -> None:
    # GIVEN both worker threads busy, one with a task that fails, and a task queued behind them
    ran: list[str] = []

    def run() -> None:
        with OrderedPool[str](2) as pool:

            def failing() -> str:
                until(lambda: len(pool._futures) == 3)
                raise Boom("encoder said no")

            def busy() -> str:
                until(third_task_finished(pool))
                return "busy"

            def queued() -> str:
                ran.append("queued")
                return "queued"

            for task in (failing, busy, queued):
                pool.submit(task)
            pool.results()

    # WHEN the results are asked for, THEN the failure is raised
    with pytest.raises(Boom, match="encoder said no"):
        run()

    # and the queued task was dropped, not run
    assert ran == []


def test_of_two_failures_the_earlier_submitted_is_raised() -> None:
    later_failed = threading.Event()

    def earlier() -> None:
        assert later_failed.wait(WAIT_S)
        raise Boom("earlier")

    def later() -> None:
        later_failed.set()
        raise Boom("later")

    def run() -> None:
        with OrderedPool[None](2) as pool:
            pool.submit(earlier)
            pool.submit(later)
            pool.results()

    with pytest.raises(Boom, match="earlier"):
        run()


def test_after_a_failure_no_more_work_is_accepted() -> None:
    def failing() -> None:
        raise Boom("first")

    with OrderedPool[None](2) as pool:
        pool.submit(failing)
        until(lambda: pool._futures[0].done())
        with pytest.raises(Boom, match="first"):
            pool.submit(lambda: None)
        assert len(pool._futures) == 1


def test_a_failure_of_the_submitting_code_cancels_what_is_queued() -> None:
    # GIVEN two busy threads and a task queued behind them
    ran: list[str] = []

    def run() -> None:
        with OrderedPool[str](2) as pool:

            def busy() -> str:
                until(third_task_finished(pool))
                return "busy"

            def queued() -> str:
                ran.append("queued")
                return "queued"

            for task in (busy, busy, queued):
                pool.submit(task)
            # WHEN the code feeding the pool fails (a resize, say)
            raise Boom("resize failed")

    # THEN its failure comes out, after the queued task was cancelled
    with pytest.raises(Boom, match="resize failed"):
        run()
    assert ran == []
