"""A handler that does what the processor does for metrics, and nothing else: per record, a log line
and, for each `job:` body, one item's EMF line from Powertools Metrics. A worker runs it when `_HANDLER` names
`tests.integration.metric_handler.handler`, so the supervisor has a real worker's stdout to read."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

metrics = Metrics(namespace="MediaPipeline")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    for record in event["Records"]:
        print(f"handled {record['messageId']}")  # no flush: the worker's stdout must not hold lines back
        if not record["body"].startswith("job:"):
            continue  # S3's test event, sent when the bucket's notifications are set up
        metrics.add_dimension(name="kind", value="image")
        metrics.add_dimension(name="outcome", value="READY")
        metrics.add_metric(name="ItemsFinished", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name="ProcessingTime", unit=MetricUnit.Milliseconds, value=len(record["body"]))
        metrics.flush_metrics()
    return {"batchItemFailures": []}
