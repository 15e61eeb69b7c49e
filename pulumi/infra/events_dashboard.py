"""The dashboard's widgets for events out: the WebSocket API, the realtime and notifier functions, the
notifier's stream position and failures, and the webhook deliveries (monitoring.py lays them out
below the pipeline's own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# IteratorAge: how far behind the newest change the notifier reads (ms). A minute behind means live
# updates are not live any more.
ITERATOR_AGE_LIMIT_MS = 60_000


@dataclass(frozen=True)
class EventNames:
    """What the widgets name, resolved."""

    realtime_function: str
    notifier_function: str
    webhook_function: str
    webhook_queue: str
    webhook_dead_letter_queue: str
    stream_failures_queue: str
    websocket_api_id: str
    websocket_stage: str


def widgets(region: str, period_s: int, top: int, names: EventNames) -> list[dict[str, Any]]:
    """Four widgets in two rows from row `top` down."""

    def widget(title: str, metrics: list[list[Any]], x: int, y: int, stat: str) -> dict[str, Any]:
        properties = {"title": title, "metrics": metrics, "stat": stat, "period": period_s, "region": region}
        return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": properties}

    stage = ["ApiId", names.websocket_api_id, "Stage", names.websocket_stage]
    socket = [
        ["AWS/ApiGateway", "ConnectCount", *stage],
        [".", "MessageCount", ".", ".", ".", "."],
        [".", "ClientError", ".", ".", ".", "."],
        [".", "IntegrationError", ".", ".", ".", "."],
        [".", "ExecutionError", ".", ".", ".", "."],
    ]
    functions: list[list[Any]] = [
        row
        for function in (names.realtime_function, names.notifier_function)
        for row in (
            ["AWS/Lambda", "Invocations", "FunctionName", function],
            [".", "Errors", ".", "."],
            [".", "Throttles", ".", "."],
        )
    ]
    stream: list[list[Any]] = [
        ["AWS/Lambda", "IteratorAge", "FunctionName", names.notifier_function, {"label": "IteratorAge (ms)"}],
        [
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            "QueueName",
            names.stream_failures_queue,
            {"label": "Failed batches", "yAxis": "right"},
        ],
    ]
    webhooks: list[list[Any]] = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", names.webhook_queue],
        [".", "ApproximateAgeOfOldestMessage", ".", ".", {"yAxis": "right"}],
        [".", "ApproximateNumberOfMessagesVisible", ".", names.webhook_dead_letter_queue, {"label": "DLQ"}],
        ["AWS/Lambda", "Invocations", "FunctionName", names.webhook_function, {"stat": "Sum"}],
        [".", "Errors", ".", ".", {"stat": "Sum"}],
    ]
    return [
        widget("Live updates: WebSocket API", socket, 0, top, "Sum"),
        widget("Live updates: realtime and notifier", functions, 12, top, "Sum"),
        widget("Notifier: stream age and failed batches", stream, 0, top + 6, "Maximum"),
        widget("Webhook deliveries", webhooks, 12, top + 6, "Maximum"),
    ]
