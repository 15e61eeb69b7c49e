"""What Lambda does around a function that the local worker cannot do for itself.

Lambda replaces a sandbox that died, ends an invocation that runs past the function's timeout or
needs more than its memory size, and never leaves an event source mapping without a poller. The
supervisor does the same for the embedded stack's worker processes: it restarts one that exits or
is killed, and kills (then restarts) one whose resident memory passes the function's memory size or
that spends longer than the function timeout on one batch, each time with a log line saying why.
What such a death does to the batch in flight is the queue's business, as in AWS: its messages
come back after their visibility timeout (processors/batches.py keeps the neighbours safe).

Like Lambda's log capture, it reads each worker's stdout (when given a `MetricsLog`): every line goes
on to the stack's output, and the embedded-metric-format lines are kept for `mediapipe stats`.

A worker tells the supervisor when it starts and ends an invocation by writing one byte, B or E, to
the pipe named by MEDIAPIPE_SUPERVISOR_FD (app/local/worker.py).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from app.local.metrics_log import MetricsLog, pump

logger = logging.getLogger("mediapipe.supervisor")

SUPERVISOR_FD = "MEDIAPIPE_SUPERVISOR_FD"
INVOKE_STARTED, INVOKE_ENDED = b"B", b"E"
MIB = 1024 * 1024
# A worker that dies this soon after starting is probably failing at start: back off, up to the cap.
EARLY_DEATH_S, FIRST_BACKOFF_S, MAX_BACKOFF_S = 5.0, 0.5, 10.0


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """One worker slot: its name in log lines and its arguments to `python -m app.local.worker`."""

    name: str
    args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FunctionLimits:
    """The deployed function's size, which the supervisor enforces as Lambda would."""

    memory_mb: int
    timeout_s: float


@dataclass
class _Slot:
    spec: WorkerSpec
    process: subprocess.Popen[bytes] | None = None
    pipe: int | None = None
    started: float = 0.0
    busy_since: float | None = None
    killed_for: str | None = None
    backoff: float = FIRST_BACKOFF_S
    next_start: float = 0.0
    restarts: int = 0


@dataclass
class Supervisor:
    specs: Sequence[WorkerSpec]
    env: Mapping[str, str]
    limits: FunctionLimits
    cwd: Path | None = None
    # Where a worker's output goes (a file per slot in tests); by default the stack's own.
    output: Callable[[WorkerSpec], IO[bytes]] | None = None
    # Run every `sweep_every_s` on a thread of its own, as a schedule invokes the sweep Lambda.
    sweep: Callable[[], object] | None = None
    sweep_every_s: float = 60.0
    # Where the workers' EMF lines are kept (read from their stdout); None leaves stdout alone.
    metrics: MetricsLog | None = None
    check_every_s: float = 0.05
    _slots: list[_Slot] = field(default_factory=list, init=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False)
    _threads: list[threading.Thread] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def start(self) -> Supervisor:
        self._slots = [_Slot(spec) for spec in self.specs]
        for slot in self._slots:
            self._spawn(slot)
        self._threads = [threading.Thread(target=self._watch, name="supervisor", daemon=True)]
        if self.sweep is not None:
            self._threads.append(threading.Thread(target=self._sweep, name="dead-letter-sweep", daemon=True))
        for thread in self._threads:
            thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching (nothing is restarted any more), then end every worker: SIGTERM, then kill."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        running = [s.process for s in self._slots if s.process is not None and s.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for slot in self._slots:
            self._close(slot)

    def pids(self) -> dict[str, int]:
        """The running workers' process ids, by slot name."""
        with self._lock:
            return {
                s.spec.name: s.process.pid
                for s in self._slots
                if s.process is not None and s.process.poll() is None
            }

    def restarts(self, name: str) -> int:
        return next(s.restarts for s in self._slots if s.spec.name == name)

    # --- the watch ----------------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.wait(self.check_every_s):
            for slot in self._slots:
                try:
                    self._check(slot, time.monotonic())
                except Exception:
                    logger.exception("Supervising worker %s failed; trying again", slot.spec.name)

    def _check(self, slot: _Slot, now: float) -> None:
        process = slot.process
        if process is None:
            if now >= slot.next_start:
                self._spawn(slot)
            return
        code = process.poll()
        if code is not None:
            self._reap(slot, code, now)
            return
        self._read_invocations(slot, now)
        if slot.killed_for is not None:
            return  # killed already, waiting for it to go
        rss = resident_mib(process.pid)
        if rss is not None and rss > self.limits.memory_mb:
            self._kill(slot, f"used {rss} MiB, more than the function's {self.limits.memory_mb} MB")
        elif slot.busy_since is not None and now - slot.busy_since > self.limits.timeout_s:
            self._kill(slot, f"ran past the function's timeout ({self.limits.timeout_s:g} s)")

    def _read_invocations(self, slot: _Slot, now: float) -> None:
        if slot.pipe is None:
            return
        try:
            signals = os.read(slot.pipe, 4096)
        except BlockingIOError:
            return
        if signals:
            # Only the last one counts: a batch that started and ended between two checks is done.
            slot.busy_since = now if signals[-1:] == INVOKE_STARTED else None

    def _kill(self, slot: _Slot, why: str) -> None:
        assert slot.process is not None
        slot.killed_for = why
        logger.warning(
            "Worker %s (pid %d) %s: killing it, as Lambda would", slot.spec.name, slot.process.pid, why
        )
        slot.process.kill()

    def _reap(self, slot: _Slot, code: int, now: float) -> None:
        assert slot.process is not None
        why = f"was killed ({slot.killed_for})" if slot.killed_for else _describe(code)
        early = now - slot.started < EARLY_DEATH_S and slot.killed_for is None
        slot.backoff = min(slot.backoff * 2, MAX_BACKOFF_S) if early else FIRST_BACKOFF_S
        delay = slot.backoff if early else 0.0
        logger.warning(
            "Worker %s (pid %d) %s; restarting it%s",
            slot.spec.name,
            slot.process.pid,
            why,
            f" in {delay:g} s" if delay else "",
        )
        self._close(slot)
        with self._lock:
            slot.process = None
        slot.next_start = now + delay
        slot.restarts += 1

    # --- processes ----------------------------------------------------------------------------

    def _spawn(self, slot: _Slot) -> None:
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        output = self.output(slot.spec) if self.output is not None else None
        try:
            process = subprocess.Popen(  # noqa: S603  # our own interpreter and module
                [sys.executable, "-m", "app.local.worker", *slot.spec.args],
                cwd=self.cwd,
                env={**self.env, SUPERVISOR_FD: str(write_end), **self._stdout_env()},
                pass_fds=(write_end,),
                stdout=subprocess.PIPE if self.metrics is not None else output,
                stderr=subprocess.STDOUT if output is not None else None,
            )
        except BaseException:
            if output is not None:
                output.close()
            raise
        finally:
            os.close(write_end)
        if self.metrics is not None and process.stdout is not None:
            self._tee(slot.spec, process.stdout, output)
        elif output is not None:
            output.close()  # the child has its own copy
        with self._lock:
            slot.process, slot.pipe = process, read_end
        slot.started, slot.busy_since, slot.killed_for = time.monotonic(), None, None

    def _stdout_env(self) -> dict[str, str]:
        # Python buffers a pipe's stdout in 8 KiB blocks: unbuffered, each line comes as it is printed,
        # as on a terminal (and as Lambda's runtime sends it to CloudWatch Logs).
        return {"PYTHONUNBUFFERED": "1"} if self.metrics is not None else {}

    def _tee(self, spec: WorkerSpec, stdout: IO[bytes], output: IO[bytes] | None) -> None:
        """Read the worker's stdout on a thread of its own until the worker exits."""
        metrics = self.metrics
        assert metrics is not None
        sink = output if output is not None else sys.stdout.buffer

        def run() -> None:
            try:
                pump(stdout, sink, metrics)
            finally:
                stdout.close()
                if output is not None:
                    output.close()

        threading.Thread(target=run, name=f"{spec.name}-stdout", daemon=True).start()

    def _close(self, slot: _Slot) -> None:
        if slot.pipe is not None:
            os.close(slot.pipe)
            slot.pipe = None

    def _sweep(self) -> None:
        assert self.sweep is not None
        while not self._stop.wait(self.sweep_every_s):
            try:
                self.sweep()
            except Exception:
                logger.exception("The dead-letter sweep failed; it runs again in %g s", self.sweep_every_s)


def resident_mib(pid: int) -> int | None:
    """The process's resident set size in MiB (Linux's /proc, else `ps`), or None if it is gone."""
    try:
        resident_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE") // MIB
    except (OSError, IndexError, ValueError):
        pass
    try:
        kib = subprocess.run(  # noqa: S603
            ["ps", "-o", "rss=", "-p", str(pid)],  # noqa: S607  # macOS: no /proc
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout
        return int(kib.strip()) // 1024
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def _describe(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"
