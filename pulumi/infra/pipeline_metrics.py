"""The functions' own metrics as the dashboard and the alarms see them: the catalogue's names and
dimension values (restated: this program never imports the Lambda code; tests/contract keeps them
equal to app/domain/metrics.py), the dashboard's widgets for them, and the queries of their alarms.

Powertools adds a `service` dimension, POWERTOOLS_SERVICE_NAME, which the stack sets per function
(SERVICES): a CloudWatch metric query must name every dimension of the points it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi

NAMESPACE = "MediaPipeline"
SERVICES = {
    name: f"mediapipe-{name}" for name in ("api", "processor", "sweeper", "realtime", "notifier", "webhooks")
}
PROCESSOR = ("service", SERVICES["processor"])
KINDS = ("image", "video", "audio")
OUTCOMES = ("READY", "REJECTED", "FAILED")
STEPS = ("download", "sniff", "decode", "render", "upload")
ROLES = ("still", "poster", "animated", "preview", "waveform", "video", "stream", "audio", "peaks")
METRICS = (
    "ItemsFinished",
    "ProcessingTime",
    "StepTime",
    "RenditionTime",
    "BytesIn",
    "BytesOut",
    "QueueLag",
    "Retries",
    "UploadsCreated",
)


@dataclass(frozen=True)
class Thresholds:
    """From the stack config's `alarms` section."""

    processing_p95_ms: dict[str, int]  # per kind
    rejection_rate: float
    rejection_min_items: int


def ready_items(kind: str) -> dict[str, pulumi.Input[str]]:
    """The dimensions of the processor's points about READY items of a kind."""
    return {"service": SERVICES["processor"], "kind": kind, "outcome": "READY"}


def finished_query(query_id: str, kind: str, outcome: str, period_s: int) -> dict[str, Any]:
    return {
        "id": query_id,
        "return_data": False,
        "metric": {
            "namespace": NAMESPACE,
            "metric_name": "ItemsFinished",
            "dimensions": {"service": SERVICES["processor"], "kind": kind, "outcome": outcome},
            "period": period_s,
            "stat": "Sum",
        },
    }


def rejection_rate_queries(kind: str, min_items: int, period_s: int) -> list[dict[str, Any]]:
    """REJECTED / every finished item of the kind, 0 below `min_items` (a single odd upload is no
    trend) and when nothing finished (FILL: a period without rejections has no REJECTED point)."""
    total = "FILL(ready, 0) + FILL(rejected, 0) + FILL(failed, 0)"
    return [
        finished_query("ready", kind, "READY", period_s),
        finished_query("rejected", kind, "REJECTED", period_s),
        finished_query("failed", kind, "FAILED", period_s),
        {"id": "total", "expression": total, "label": "Finished", "return_data": False},
        {
            "id": "rate",
            "expression": f"IF(total >= {min_items}, FILL(rejected, 0) / total, 0)",
            "label": f"Rejected share ({kind})",
            "return_data": True,
        },
    ]


def widgets(region: str, period_s: int, top: int) -> list[dict[str, Any]]:
    """The catalogue's widgets, laid out from row `top` down."""

    def widget(title: str, metrics: list[list[Any]], x: int, y: int, stat: str) -> dict[str, Any]:
        properties = {"title": title, "metrics": metrics, "stat": stat, "period": period_s, "region": region}
        return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": properties}

    items = [
        [NAMESPACE, "ItemsFinished", *PROCESSOR, "kind", k, "outcome", o] for k in KINDS for o in OUTCOMES
    ]
    # READY items: a rejection is decided early and would pull the percentiles down.
    processing = [
        [
            NAMESPACE,
            "ProcessingTime",
            *PROCESSOR,
            "kind",
            k,
            "outcome",
            "READY",
            {"stat": stat, "label": f"{k} {stat}"},
        ]
        for k in KINDS
        for stat in ("p50", "p95")
    ]
    steps = [[NAMESPACE, "StepTime", *PROCESSOR, "kind", k, "step", s] for k in KINDS for s in STEPS]
    # Every kind with every role, as the steps: a pair no kind makes (an audio poster) draws nothing.
    renditions = [
        [NAMESPACE, "RenditionTime", *PROCESSOR, "kind", k, "role", r] for k in KINDS for r in ROLES
    ]
    lag = [[NAMESPACE, "QueueLag", *PROCESSOR, "kind", k] for k in KINDS]
    data = [[NAMESPACE, name, *PROCESSOR, "kind", k] for name in ("BytesIn", "BytesOut") for k in KINDS]
    uploads = [
        *([NAMESPACE, "UploadsCreated", "service", SERVICES["api"], "kind", k] for k in KINDS),
        *([NAMESPACE, "Retries", *PROCESSOR, "kind", k] for k in KINDS),
    ]
    return [
        widget("Items finished, by kind and outcome", items, 0, top, "Sum"),
        widget("Processing time of READY items (p50, p95)", processing, 12, top, "p95"),
        widget("Step time (p95), by kind and step", steps, 0, top + 6, "p95"),
        widget("Queue lag, S3 event to claim (p95)", lag, 12, top + 6, "p95"),
        widget("Bytes in and out", data, 0, top + 12, "Sum"),
        widget("Uploads created and retries", uploads, 12, top + 12, "Sum"),
        widget("Rendition time (p95), by kind and role", renditions, 0, top + 18, "p95"),
    ]
