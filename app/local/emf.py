"""CloudWatch embedded metric format (EMF): which log lines are metrics, and what they say.

Lambda sends a function's stdout to CloudWatch Logs, which turns every line that is an EMF document
into metrics. The dev stack does the same for its workers (app/local/metrics_log.py) and
`mediapipe stats` reads what it kept (app/client/stats.py); both ask this module, so "is this line
a metric?" is answered in one place. The structure is the specification's: metric definitions in
`_aws.CloudWatchMetrics[].Metrics[]`, dimension names in `...Dimensions[][]`, and the values of
both as top-level keys (a metric's value a number or a list of numbers).
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Every EMF document holds this key; a cheap test before parsing each line of a busy log as JSON.
_MARKER = '"_aws"'


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """One metric of one EMF document: its values under one set of dimensions."""

    namespace: str
    name: str
    unit: str
    dimensions: dict[str, str]
    values: tuple[float, ...]


def emf_document(line: str | bytes) -> dict[str, Any] | None:
    """The line's EMF document, or None when the line is anything else (a log line, half a line)."""
    text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
    if _MARKER not in text:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    metadata = document.get("_aws")
    if not isinstance(metadata, dict) or not isinstance(metadata.get("CloudWatchMetrics"), list):
        return None
    return document


def metric_points(document: dict[str, Any]) -> Iterator[MetricPoint]:
    """Each metric each directive of the document defines, with the values of its dimensions."""
    for directive in document["_aws"]["CloudWatchMetrics"]:
        if not isinstance(directive, dict):
            continue
        names = {name for dimension_set in directive.get("Dimensions", []) for name in dimension_set}
        dimensions = {name: str(document[name]) for name in sorted(names) if name in document}
        for metric in directive.get("Metrics", []):
            if not isinstance(metric, dict) or "Name" not in metric:
                continue
            raw = document.get(metric["Name"])
            values = raw if isinstance(raw, list) else [raw]
            yield MetricPoint(
                namespace=directive.get("Namespace", ""),
                name=metric["Name"],
                unit=metric.get("Unit", "None"),
                dimensions=dimensions,
                values=tuple(float(v) for v in values if isinstance(v, int | float)),
            )
