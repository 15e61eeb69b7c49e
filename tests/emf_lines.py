"""Real EMF lines, written by Powertools Metrics itself, for one processed item after another.

The names and dimensions are the metric catalogue's (issue 17): what the processor writes. Each
dimension set is its own flush, as Powertools needs (one dimension set per EMF document).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest
from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

NAMESPACE = "MediaPipeline"


@dataclass(frozen=True)
class Item:
    kind: str
    outcome: str
    processing_ms: float
    steps: dict[str, float] = field(default_factory=dict)
    bytes_in: int = 0
    bytes_out: int = 0
    lag_ms: float = 0.0
    retry: bool = False
    renditions: tuple[tuple[str, float], ...] = ()  # (role, ms), one per output


def emf_lines(items: Iterable[Item], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What the processor prints for `items`, in the order it prints it: the claim's queue lag (and
    retry), each step's time, each output's time, the bytes, and last the item's end."""
    with pytest.MonkeyPatch.context() as env:
        # Powertools prints nothing when either is set (as in some developers' shells).
        env.delenv("POWERTOOLS_DEV", raising=False)
        env.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
        capsys.readouterr()
        _emit(Metrics(namespace=NAMESPACE, service="mediapipe"), items)
        lines = capsys.readouterr().out.splitlines()
    assert lines, "Powertools printed no metrics"
    return lines


def _emit(metrics: Metrics, items: Iterable[Item]) -> None:
    for item in items:
        metrics.add_dimension(name="kind", value=item.kind)
        metrics.add_metric(name="QueueLag", unit=MetricUnit.Milliseconds, value=item.lag_ms)
        if item.retry:
            metrics.add_metric(name="Retries", unit=MetricUnit.Count, value=1)
        metrics.flush_metrics()
        for step, ms in item.steps.items():
            metrics.add_dimension(name="kind", value=item.kind)
            metrics.add_dimension(name="step", value=step)
            metrics.add_metric(name="StepTime", unit=MetricUnit.Milliseconds, value=ms)
            metrics.flush_metrics()
        for role, ms in item.renditions:
            metrics.add_dimension(name="kind", value=item.kind)
            metrics.add_dimension(name="role", value=role)
            metrics.add_metric(name="RenditionTime", unit=MetricUnit.Milliseconds, value=ms)
            metrics.flush_metrics()
        metrics.add_dimension(name="kind", value=item.kind)
        metrics.add_metric(name="BytesIn", unit=MetricUnit.Bytes, value=item.bytes_in)
        metrics.add_metric(name="BytesOut", unit=MetricUnit.Bytes, value=item.bytes_out)
        metrics.flush_metrics()
        metrics.add_dimension(name="kind", value=item.kind)
        metrics.add_dimension(name="outcome", value=item.outcome)
        metrics.add_metric(name="ItemsFinished", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name="ProcessingTime", unit=MetricUnit.Milliseconds, value=item.processing_ms)
        metrics.flush_metrics()
