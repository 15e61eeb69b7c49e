"""`mediapipe stats`: the local stack's metrics over its last N items, as CloudWatch would show them.

It reads the EMF lines the dev stack kept (app/local/metrics_log.py), found through the stack's state
file as `mediapipe redrive` finds it, and summarises the metric catalogue (docs/troubleshooting.md):
items by kind and outcome, p50/p95 of ProcessingTime per kind, of StepTime per step and of
RenditionTime per role, QueueLag, and the bytes in and out.

"The last N items" is a window of lines: from just after the (N+1)-th last ItemsFinished to the end.
An item writes its step times, queue lag and bytes before it finishes, so the window holds the N
items' own lines (plus, with several workers, a few of items still in flight).
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.client.api import ApiError
from app.client.failure import fail
from app.client.local_stack import find_local_stack
from app.domain.metrics import NAMESPACE, Metric
from app.domain.usage import format_size
from app.local.emf import MetricPoint, emf_document, metric_points

console = Console(stderr=True)
out = Console()

# The metric catalogue's names (issue 17): what the processor writes and the dashboard shows.
# The catalogue's names, written once (app/domain/metrics.py).
ITEMS_FINISHED, PROCESSING_TIME, STEP_TIME = Metric.ITEMS_FINISHED, Metric.PROCESSING_TIME, Metric.STEP_TIME
BYTES_IN, BYTES_OUT, QUEUE_LAG, RETRIES = Metric.BYTES_IN, Metric.BYTES_OUT, Metric.QUEUE_LAG, Metric.RETRIES
RENDITION_TIME = Metric.RENDITION_TIME


@dataclass(frozen=True, slots=True)
class Spread:
    """p50 and p95 of some milliseconds, with how many there were."""

    count: int
    p50: float
    p95: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        # "inclusive": the window is the whole population of interest, not a sample of a larger one,
        # so the percentiles interpolate between its own values (as numpy's default, R's type 7) and
        # never reach past its minimum or maximum. quantiles() wants two values; one is its own p50/p95.
        if len(values) == 1:
            return cls(1, values[0], values[0])
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        return cls(len(values), cuts[49], cuts[94])

    def as_json(self) -> dict[str, float]:
        return {"count": self.count, "p50": self.p50, "p95": self.p95}


@dataclass
class Summary:
    items: int = 0
    outcomes: dict[str, Counter[str]] = field(default_factory=dict)  # kind -> outcome -> items
    processing: dict[str, Spread] = field(default_factory=dict)  # kind -> ms
    steps: dict[str, Spread] = field(default_factory=dict)  # step -> ms
    renditions: dict[str, Spread] = field(default_factory=dict)  # role -> ms, one value per output
    queue_lag: Spread | None = None
    bytes_in: float = 0.0
    bytes_out: float = 0.0
    retries: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "byKind": {kind: dict(outcomes) for kind, outcomes in self.outcomes.items()},
            "processingTimeMs": {kind: s.as_json() for kind, s in self.processing.items()},
            "stepTimeMs": {step: s.as_json() for step, s in self.steps.items()},
            "renditionTimeMs": {role: s.as_json() for role, s in self.renditions.items()},
            "queueLagMs": self.queue_lag.as_json() if self.queue_lag else None,
            "bytesIn": self.bytes_in,
            "bytesOut": self.bytes_out,
            "retries": self.retries,
        }


def read_points(lines: Iterable[str]) -> list[list[MetricPoint]]:
    """Each EMF line's points in the catalogue's namespace, in order; any other line is skipped."""
    documents = (emf_document(line) for line in lines)
    found = ([p for p in metric_points(d) if p.namespace == NAMESPACE] for d in documents if d is not None)
    return [points for points in found if points]


def last_items(lines: Sequence[list[MetricPoint]], n: int) -> list[list[MetricPoint]]:
    """The window of the last `n` finished items (see the module's docstring)."""
    finished = 0
    for index in range(len(lines) - 1, -1, -1):
        ended = sum(sum(p.values) for p in lines[index] if p.name == ITEMS_FINISHED)
        if ended and finished >= n:
            return list(lines[index + 1 :])
        finished += int(ended)
    return list(lines)


def summarise(lines: Sequence[list[MetricPoint]]) -> Summary:
    summary = Summary()
    processing: dict[str, list[float]] = defaultdict(list)
    steps: dict[str, list[float]] = defaultdict(list)
    renditions: dict[str, list[float]] = defaultdict(list)
    lag: list[float] = []
    for point in (p for points in lines for p in points):
        kind = point.dimensions.get("kind", "unknown")
        if point.name == ITEMS_FINISHED:
            outcome = point.dimensions.get("outcome", "unknown")
            ended = int(sum(point.values))
            summary.outcomes.setdefault(kind, Counter())[outcome] += ended
            summary.items += ended
        elif point.name == PROCESSING_TIME:
            processing[kind].extend(point.values)
        elif point.name == STEP_TIME:
            steps[point.dimensions.get("step", "unknown")].extend(point.values)
        elif point.name == RENDITION_TIME:
            renditions[point.dimensions.get("role", "unknown")].extend(point.values)
        elif point.name == QUEUE_LAG:
            lag.extend(point.values)
        elif point.name == BYTES_IN:
            summary.bytes_in += sum(point.values)
        elif point.name == BYTES_OUT:
            summary.bytes_out += sum(point.values)
        elif point.name == RETRIES:
            summary.retries += sum(point.values)
    summary.processing = {kind: Spread.of(v) for kind, v in sorted(processing.items()) if v}
    summary.steps = {step: Spread.of(v) for step, v in sorted(steps.items()) if v}
    summary.renditions = {role: Spread.of(v) for role, v in sorted(renditions.items()) if v}
    summary.queue_lag = Spread.of(lag) if lag else None
    return summary


def summarise_file(path: Path, last: int) -> Summary:
    with path.open(encoding="utf-8", errors="replace") as source:
        return summarise(last_items(read_points(source), last))


def run_stats(args: argparse.Namespace) -> int:
    try:
        stack = find_local_stack(args.port, state_file=args.state_file)
        state = stack.require_state()
    except ApiError as error:
        return fail(error)
    metrics = stack.state_file.parent / state.get("metricsFile", "")
    summary = summarise_file(metrics, args.last) if metrics.is_file() else None
    if args.json:
        out.print_json(json.dumps((summary or Summary()).as_json()))
    elif summary is None or summary.items == 0:
        console.print("No metrics yet: the stack has finished no item since it started.")
    else:
        render(summary, args.last)
    return 0


def render(summary: Summary, last: int) -> None:
    outcomes = sorted({o for counts in summary.outcomes.values() for o in counts})
    items = Table(title=f"Items (the last {summary.items} of at most {last})")
    for column in ("kind", *outcomes, "p50 ms", "p95 ms"):
        items.add_column(column, justify="left" if column == "kind" else "right")
    for kind, counts in sorted(summary.outcomes.items()):
        spread = summary.processing.get(kind)
        times = (f"{spread.p50:,.0f}", f"{spread.p95:,.0f}") if spread else ("", "")
        items.add_row(kind, *(f"{counts[o]:,}" for o in outcomes), *times)
    out.print(items)
    if summary.steps:
        steps = Table(title="Steps")
        for column in ("step", "count", "p50 ms", "p95 ms"):
            steps.add_column(column, justify="left" if column == "step" else "right")
        for step, spread in summary.steps.items():
            steps.add_row(step, f"{spread.count:,}", f"{spread.p50:,.0f}", f"{spread.p95:,.0f}")
        out.print(steps)
    if summary.renditions:
        made = Table(title="Renditions")
        for column in ("role", "count", "p50 ms", "p95 ms"):
            made.add_column(column, justify="left" if column == "role" else "right")
        for role, spread in summary.renditions.items():
            made.add_row(role, f"{spread.count:,}", f"{spread.p50:,.0f}", f"{spread.p95:,.0f}")
        out.print(made)
    if summary.queue_lag is not None:
        lag = summary.queue_lag
        out.print(f"Queue lag (upload to claim): p50 {lag.p50:,.0f} ms, p95 {lag.p95:,.0f} ms")
    out.print(
        f"Bytes in {format_size(int(summary.bytes_in))}, out {format_size(int(summary.bytes_out))}; "
        f"{summary.retries:,.0f} retried claim(s)"
    )
