"""Independent tasks on a few threads, their results in the order they were submitted.

Meant for native work that releases the GIL (Pillow's resizes, its WebP and AVIF encoders; see
docs/performance.md): the threads then run on separate cores and share the pictures without
copying them. With one worker there is no thread at all: each task runs the moment it is
submitted, which is exactly the sequential code, at exactly its cost.

The first failure wins: no further task is accepted, tasks not yet started are cancelled, those
already running (a native call cannot be interrupted) are waited for, and the failure of the
earliest-submitted task that failed is raised, as the sequential code would have raised it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, Self


class OrderedPool[T]:
    def __init__(self, workers: int) -> None:
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="media") if workers > 1 else None
        self._futures: list[Future[T]] = []
        self._done: list[T] = []
        # Set by the first task that fails: a task that comes off the queue after it does not start
        # (a thread freed by the failure would otherwise pick up the next one before we cancel it).
        self._failed = threading.Event()

    @property
    def concurrent(self) -> bool:
        """Whether tasks may run at the same time as each other (and as the submitting thread)."""
        return self._executor is not None

    def submit(self, task: Callable[[], T]) -> None:
        if self._executor is None:
            self._done.append(task())
            return
        self._raise_failure()  # stop feeding work once something has failed
        self._futures.append(self._executor.submit(self._guarded, task))

    def results(self) -> list[T]:
        """Every task's result, in submission order, once all have finished."""
        if self._executor is None:
            return list(self._done)
        wait(self._futures, return_when=FIRST_EXCEPTION)
        self._raise_failure()
        return [future.result() for future in self._futures]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        # Also when the submitting code itself failed: nothing queued starts, and nothing still
        # running outlives the block (its pictures, its deadline) unseen.
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def _guarded(self, task: Callable[[], T]) -> T:
        if self._failed.is_set():
            raise _Skipped
        try:
            return task()
        except BaseException:
            self._failed.set()
            raise

    def _raise_failure(self) -> None:
        if all(_error(future) is None for future in self._futures):
            return
        for future in self._futures:
            future.cancel()
        wait(self._futures)
        raise next(error for future in self._futures if (error := _error(future)) is not None)


class _Skipped(Exception):
    """A task not started because another had failed: like a cancelled one, not a failure."""


def _error(future: Future[Any]) -> BaseException | None:
    """The task's failure, if it has finished with one (cancelled or skipped: it never ran)."""
    if not future.done() or future.cancelled():
        return None
    error = future.exception()
    return None if isinstance(error, _Skipped) else error
