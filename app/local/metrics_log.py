"""The dev stack's metrics: the workers' EMF lines kept in a bounded file beside the state file.

In AWS, CloudWatch Logs reads the processor's stdout and keeps its EMF lines as metrics. Locally the
supervisor reads each worker's stdout instead (`pump`): every line still goes to the dev terminal,
and the EMF ones are also appended to `dev-PORT.metrics.jsonl`, which `mediapipe stats` summarises.
The file is capped: past `max_bytes` it is cut to its newest lines (half the cap, so a cut is rare),
so a stack left running for days never fills the disk.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from app.local.emf import emf_document

# A few thousand items' worth of lines (one item writes a dozen lines of a few hundred bytes).
DEFAULT_MAX_BYTES = 4 * 1024 * 1024


class MetricsLog:
    """An append-only file of EMF lines, cut to its newest lines when it passes `max_bytes`.

    One writer (the supervisor's process, a thread per worker), hence a lock rather than a file lock;
    readers see whole files, as the cut replaces the file in one rename."""

    def __init__(self, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._size = 0

    def reset(self) -> MetricsLog:
        """Start empty: a stack's metrics are those of its own run."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(b"")
            self._size = 0
        return self

    def offer(self, line: bytes) -> bool:
        """Keep the line if it is an EMF document; say whether it was kept."""
        if emf_document(line) is None:
            return False
        self.append(line)
        return True

    def append(self, line: bytes) -> None:
        record = line.rstrip(b"\r\n") + b"\n"
        with self._lock:
            with self.path.open("ab") as sink:
                sink.write(record)
            self._size += len(record)
            if self._size > self.max_bytes:
                self._cut()

    def _cut(self) -> None:
        """Keep the newest whole lines that fit in half the cap."""
        budget, kept = self.max_bytes // 2, deque[bytes]()
        for record in reversed(self.path.read_bytes().splitlines(keepends=True)):
            if len(record) > budget:
                break
            budget -= len(record)
            kept.appendleft(record)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(b"".join(kept))
        tmp.replace(self.path)
        self._size = sum(map(len, kept))


def pump(source: Iterable[bytes], sink: IO[bytes], log: MetricsLog) -> None:
    """Copy a worker's output to `sink` line by line (as it comes), keeping its EMF lines in `log`.
    Ends when the worker closes its stdout, that is when it exits. It never stops reading before
    then, whatever fails (a closed terminal, a full disk): a worker whose pipe is not read blocks."""
    for line in source:
        with contextlib.suppress(OSError, ValueError):
            sink.write(line)
            sink.flush()
        with contextlib.suppress(OSError):
            log.offer(line)
