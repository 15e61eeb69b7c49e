"""`make bench-observability`: what our metrics and tracing cost the processor, as a ratio.

The same items go through the processor's Pipeline twice per round, interleaved: once plain (no
metrics, no annotations), once observed as the processor Lambda runs it (processors/handler.py):
every metric point through Powertools' embedded metric format (printed, as Lambda prints it), the
job in a Tracer subsegment with its annotations, sent over UDP to an X-Ray daemon address (a socket
here that counts what arrives, so the bench proves the traces were really sent). Storage and the
table are the in-memory ones of the unit tests, so what differs is the observing alone.

    python bench/observability.py [--rounds N] [--stat median|min]

Not a test: it reports. The figure is the ratio observed/plain of CPU time per round.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import os
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import inputs  # noqa: E402
import summary  # noqa: E402

from app.domain import keys  # noqa: E402
from app.domain.jobs import Job  # noqa: E402
from app.domain.limits import Limits  # noqa: E402
from app.domain.media_types import kind_of  # noqa: E402
from app.domain.presets import BUILTIN_PRESETS  # noqa: E402
from app.domain.rules import Rules  # noqa: E402
from processors.pipeline import Pipeline, PipelineConfig, Result  # noqa: E402
from tests import media_factory  # noqa: E402
from tests.factories import media_item  # noqa: E402
from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage  # noqa: E402

OWNER = "bench-owner"
TYPES = frozenset({"image/jpeg", "video/mp4", "audio/mp4"})
CONFIG = PipelineConfig(rules=Rules(BUILTIN_PRESETS, "default", Limits(), TYPES), lease=timedelta(seconds=60))


class Daemon:
    """A UDP socket standing in for the X-Ray daemon: it counts the segment documents it receives."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.received = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)

    @property
    def address(self) -> str:
        host, port = self._socket.getsockname()
        return f"{host}:{port}"

    def start(self) -> Daemon:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()
        self._socket.close()

    def _listen(self) -> None:
        while not self._stopped.is_set():
            with contextlib.suppress(TimeoutError):
                self._socket.recv(65536)
                self.received += 1


def items() -> list[tuple[str, bytes]]:
    """A photo, a short video with sound and a song: each kind's renderer, each kind's metrics."""
    photo = io.BytesIO()
    inputs.synthetic((3000, 2000)).save(photo, "JPEG", quality=90)
    clip = media_factory.video(seconds=3.0, size=(640, 360), rate=25, audio=True)
    song = media_factory.audio("aac", "mp4", seconds=20.0)
    return [("image/jpeg", photo.getvalue()), ("video/mp4", clip), ("audio/mp4", song)]


def enable_tracing(daemon: Daemon) -> None:
    """What Lambda's environment tells Powertools and the X-Ray SDK: a function, its trace header."""
    os.environ["LAMBDA_TASK_ROOT"] = tempfile.gettempdir()
    os.environ["AWS_XRAY_DAEMON_ADDRESS"] = daemon.address
    os.environ["_X_AMZN_TRACE_ID"] = (
        "Root=1-6759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    )
    os.environ["POWERTOOLS_SERVICE_NAME"] = "bench-processor"
    os.environ.pop("POWERTOOLS_TRACE_DISABLED", None)


Run = Callable[[Job], Result]


def run_plain(files: list[tuple[str, bytes]]) -> Callable[[], list[Result]]:
    def make(repository: InMemoryRepository, storage: InMemoryStorage) -> Run:
        return Pipeline(repository, storage, CONFIG, clock=FakeClock()).run

    return _rounds(files, make)


def run_observed(files: list[tuple[str, bytes]]) -> Callable[[], list[Result]]:
    """As processors/handler.py wires it: EMF metrics, annotations, each job in its own subsegment."""
    from aws_lambda_powertools import Tracer

    from app.adapters.emf_metrics import EmfMetrics, powertools_metrics

    tracer = Tracer(patch_modules=[])  # in-memory storage: no boto3 calls to patch
    metrics = EmfMetrics(powertools_metrics())

    def annotate(key: str, value: str | int) -> None:
        tracer.put_annotation(key, value)  # type: ignore[arg-type]

    def make(repository: InMemoryRepository, storage: InMemoryStorage) -> Run:
        pipeline = Pipeline(
            repository, storage, CONFIG, clock=FakeClock(), metrics=metrics, annotate=annotate
        )

        @tracer.capture_method(capture_response=False)
        def run(job: Job) -> Result:
            return pipeline.run(job)

        return run

    return _rounds(files, make)


def _rounds(
    files: list[tuple[str, bytes]], make: Callable[[InMemoryRepository, InMemoryStorage], Run]
) -> Callable[[], list[Result]]:
    """One round: every file uploaded as a new item and processed to READY."""
    counter = itertools.count()

    def round_() -> list[Result]:
        repository, storage = InMemoryRepository(), InMemoryStorage()
        run = make(repository, storage)
        results = []
        for content_type, data in files:
            media_id = f"01JD2W3X4Y5Z6A7B8C9{next(counter):07d}"
            kind = kind_of(content_type)
            assert kind is not None
            item = media_item(owner=OWNER, id=media_id, content_type=content_type, size=len(data), kind=kind)
            repository.create(item)
            storage.originals[keys.original_key(OWNER, media_id)] = data
            results.append(run(Job(OWNER, media_id)))
        assert all(result is Result.READY for result in results), results
        return results

    return round_


def cpu_ms(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


@contextlib.contextmanager
def daemon() -> Iterator[Daemon]:
    listening = Daemon().start()
    try:
        yield listening
    finally:
        listening.stop()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--stat", choices=["median", "min"], default=os.environ.get("BENCH_STAT", "median"))
    args = parser.parse_args()
    os.environ["BENCH_STAT"] = args.stat
    files = items()
    # Both print to stdout (the log lines, and the observed run's EMF points too, as in Lambda):
    # into one buffer alike, so neither pays for a terminal the other does not.
    printed = io.StringIO()
    with daemon() as listening, contextlib.redirect_stdout(printed):
        enable_tracing(listening)
        plain, observed = run_plain(files), run_observed(files)
        plain(), observed()  # warm-up: codecs, imports, the SDK's first segment
        plain_ms: list[float] = []
        observed_ms: list[float] = []
        for round_number in range(args.rounds):
            # Each goes first every other round: the second of a pair runs on warmer caches.
            if round_number % 2:
                observed_ms.append(cpu_ms(observed))
                plain_ms.append(cpu_ms(plain))
            else:
                plain_ms.append(cpu_ms(plain))
                observed_ms.append(cpu_ms(observed))
        time.sleep(0.3)  # the last datagrams
        sent = listening.received
    lines = sum('"_aws"' in line for line in printed.getvalue().splitlines())
    a, b = summary.summary(plain_ms), summary.summary(observed_ms)
    print(f"observability overhead: a 3000x2000 photo, a 3 s video, a 20 s song; {args.rounds} rounds")
    print(f"  plain     {a:9.1f} ms CPU per round ({summary.label()})")
    print(f"  observed  {b:9.1f} ms CPU per round ({summary.label()})")
    print(f"  ratio observed/plain: {b / a:.3f}")
    print(f"  emitted: {lines} EMF lines, {sent} X-Ray segment documents received by the stand-in daemon")
    if lines == 0 or sent == 0:
        print("  error: nothing was emitted, so nothing was measured", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
