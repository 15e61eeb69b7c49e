"""Alarms that e-mail someone, and one dashboard over the whole pipeline: AWS's metrics of the
queue, the functions, the API and the table, the functions' own (infra/pipeline_metrics.py), and
events out's (infra/events_dashboard.py): the WebSocket API, the notifier's stream, the webhooks.

Every alarm notifies the topic on ALARM and on OK. Missing data means "nothing happened" for counts
(errors, throttles, DLQ depth: notBreaching) and "unknown" for the queue's age, so a silent queue
neither pages nor hides a real backlog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from infra import events_dashboard, pipeline_metrics
from infra.naming import Naming
from infra.pipeline_metrics import Thresholds

PERIOD_S = 300
OLDEST_MESSAGE_LIMIT_S = 900
API_LATENCY_P99_MS = 5000


@dataclass(frozen=True)
class Watched:
    jobs_queue: pulumi.Input[str]
    dead_letter_queue: pulumi.Input[str]
    api_function: pulumi.Input[str]
    processor_function: pulumi.Input[str]
    sweeper_function: pulumi.Input[str]
    processor_timeout_s: int
    api_name: pulumi.Input[str]
    api_stage: pulumi.Input[str]
    table: pulumi.Input[str]
    # Events out (events_dashboard.EventNames, unresolved).
    realtime_function: pulumi.Input[str]
    notifier_function: pulumi.Input[str]
    webhook_function: pulumi.Input[str]
    webhook_queue: pulumi.Input[str]
    webhook_dead_letter_queue: pulumi.Input[str]
    stream_failures_queue: pulumi.Input[str]
    websocket_api_id: pulumi.Input[str]
    websocket_stage: pulumi.Input[str]


@dataclass(frozen=True)
class MonitoringArgs:
    naming: Naming
    alarm_email: str | None
    watched: Watched
    thresholds: Thresholds


@dataclass(frozen=True)
class AlarmSpec:
    """One alarm, before its dimensions are resolved: what to watch, and when it means trouble."""

    name: str
    description: str
    namespace: str
    metric: str
    dimensions: dict[str, pulumi.Input[str]]
    statistic: str | None
    threshold: float
    comparison: str = "GreaterThanThreshold"
    evaluation_periods: int = 1
    datapoints_to_alarm: int = 1
    missing: str = "notBreaching"
    extended_statistic: str | None = None


def alarm_specs(w: Watched, thresholds: Thresholds) -> list[AlarmSpec]:
    processor = {"FunctionName": w.processor_function}
    api_function = {"FunctionName": w.api_function}
    api = {"ApiName": w.api_name, "Stage": w.api_stage}
    return [
        AlarmSpec("dlq-not-empty", "Messages reached the dead-letter queue", "AWS/SQS",
                  "ApproximateNumberOfMessagesVisible", {"QueueName": w.dead_letter_queue}, "Maximum", 0),
        AlarmSpec("jobs-backlog-age", "The oldest job has waited too long", "AWS/SQS",
                  "ApproximateAgeOfOldestMessage", {"QueueName": w.jobs_queue}, "Maximum",
                  OLDEST_MESSAGE_LIMIT_S, evaluation_periods=2, datapoints_to_alarm=2, missing="missing"),
        AlarmSpec("processor-errors", "The processor failed invocations", "AWS/Lambda", "Errors",
                  processor, "Sum", 0),
        AlarmSpec("processor-throttles", "The processor was throttled", "AWS/Lambda", "Throttles",
                  processor, "Sum", 0),
        AlarmSpec("sweeper-errors", "The dead-letter sweep failed: stranded items stay PROCESSING",
                  "AWS/Lambda", "Errors", {"FunctionName": w.sweeper_function}, "Sum", 0),
        AlarmSpec("processor-duration", "Processor p99 duration is near its timeout", "AWS/Lambda",
                  "Duration", processor, None, 0.8 * w.processor_timeout_s * 1000,
                  evaluation_periods=3, datapoints_to_alarm=2, extended_statistic="p99"),
        AlarmSpec("api-function-errors", "The API Lambda failed invocations", "AWS/Lambda", "Errors",
                  api_function, "Sum", 0),
        AlarmSpec("api-5xx", "The API answered with server errors", "AWS/ApiGateway", "5XXError", api,
                  "Sum", 0),
        AlarmSpec("api-4xx-rate", "More than 10% of API requests were client errors", "AWS/ApiGateway",
                  "4XXError", api, "Average", 0.1, evaluation_periods=3, datapoints_to_alarm=3),
        AlarmSpec("api-latency", "API p99 latency is high", "AWS/ApiGateway", "Latency", api, None,
                  API_LATENCY_P99_MS, evaluation_periods=3, datapoints_to_alarm=2, extended_statistic="p99"),
        # Events out: changes the notifier gave up on, a notifier falling behind the stream, and
        # webhook deliveries that used up every attempt.
        AlarmSpec("stream-failures", "The notifier gave up on batches of the media table's stream",
                  "AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": w.stream_failures_queue},
                  "Maximum", 0),
        AlarmSpec("notifier-iterator-age", "The notifier reads the media table's stream late", "AWS/Lambda",
                  "IteratorAge", {"FunctionName": w.notifier_function}, "Maximum",
                  events_dashboard.ITERATOR_AGE_LIMIT_MS, evaluation_periods=2, datapoints_to_alarm=2),
        AlarmSpec("webhook-dlq-not-empty", "Webhook deliveries used up every attempt", "AWS/SQS",
                  "ApproximateNumberOfMessagesVisible", {"QueueName": w.webhook_dead_letter_queue},
                  "Maximum", 0),
        # READY items only: rejections are decided early and would pull the percentile down.
        *(AlarmSpec(f"processing-p95-{kind}", f"p95 processing time of READY {kind} items is high",
                    pipeline_metrics.NAMESPACE, "ProcessingTime", pipeline_metrics.ready_items(kind), None,
                    thresholds.processing_p95_ms[kind], evaluation_periods=3, datapoints_to_alarm=2,
                    extended_statistic="p95")
          for kind in pipeline_metrics.KINDS),
    ]  # fmt: skip


class Monitoring(pulumi.ComponentResource):
    """An SNS topic (with the e-mail subscription), the alarms and the dashboard."""

    def __init__(self, name: str, args: MonitoringArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:observability:Monitoring", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.topic = aws.sns.Topic(name, name=args.naming.name("alarms"), opts=child)
        if args.alarm_email:
            aws.sns.TopicSubscription(
                f"{name}-email", topic=self.topic.arn, protocol="email", endpoint=args.alarm_email, opts=child
            )
        self.alarms = [self._alarm(args.naming, spec) for spec in alarm_specs(args.watched, args.thresholds)]
        self.alarms.append(self._table_throttles(args.naming, args.watched.table))
        self.alarms.extend(
            self._rejection_rate(args.naming, kind, args.thresholds) for kind in pipeline_metrics.KINDS
        )
        self.dashboard = aws.cloudwatch.Dashboard(
            name,
            dashboard_name=args.naming.name("pipeline"),
            dashboard_body=pulumi.Output.all(
                aws.get_region_output(opts=pulumi.InvokeOutputOptions(parent=self)).region,
                args.watched.jobs_queue,
                args.watched.dead_letter_queue,
                args.watched.api_function,
                args.watched.processor_function,
                args.watched.api_name,
                args.watched.api_stage,
                args.watched.table,
                args.watched.realtime_function,
                args.watched.notifier_function,
                args.watched.webhook_function,
                args.watched.webhook_queue,
                args.watched.webhook_dead_letter_queue,
                args.watched.stream_failures_queue,
                args.watched.websocket_api_id,
                args.watched.websocket_stage,
            ).apply(lambda v: dashboard_body(*v[:8], events=events_dashboard.EventNames(*v[8:]))),
            opts=child,
        )
        self.register_outputs({"topic_arn": self.topic.arn, "alarms": len(self.alarms)})

    def _alarm(self, naming: Naming, spec: AlarmSpec) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            spec.name,
            name=naming.name(spec.name),
            alarm_description=spec.description,
            namespace=spec.namespace,
            metric_name=spec.metric,
            dimensions=spec.dimensions,
            statistic=spec.statistic,
            extended_statistic=spec.extended_statistic,
            period=PERIOD_S,
            evaluation_periods=spec.evaluation_periods,
            datapoints_to_alarm=spec.datapoints_to_alarm,
            threshold=spec.threshold,
            comparison_operator=spec.comparison,
            treat_missing_data=spec.missing,
            alarm_actions=[self.topic.arn],
            ok_actions=[self.topic.arn],
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _rejection_rate(
        self, naming: Naming, kind: str, thresholds: Thresholds
    ) -> aws.cloudwatch.MetricAlarm:
        name = f"rejection-rate-{kind}"
        return aws.cloudwatch.MetricAlarm(
            name,
            name=naming.name(name),
            alarm_description=f"More than {thresholds.rejection_rate:.0%} of {kind} items were rejected",
            metric_queries=pipeline_metrics.rejection_rate_queries(
                kind, thresholds.rejection_min_items, PERIOD_S
            ),
            evaluation_periods=1,
            threshold=thresholds.rejection_rate,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[self.topic.arn],
            ok_actions=[self.topic.arn],
            opts=pulumi.ResourceOptions(parent=self),
        )

    def _table_throttles(self, naming: Naming, table: pulumi.Input[str]) -> aws.cloudwatch.MetricAlarm:
        def metric(query_id: str, name: str) -> aws.cloudwatch.MetricAlarmMetricQueryArgsDict:
            return {
                "id": query_id,
                "return_data": False,
                "metric": {
                    "namespace": "AWS/DynamoDB",
                    "metric_name": name,
                    "dimensions": {"TableName": table},
                    "period": PERIOD_S,
                    "stat": "Sum",
                },
            }

        return aws.cloudwatch.MetricAlarm(
            "table-throttles",
            name=naming.name("table-throttles"),
            alarm_description="DynamoDB throttled reads or writes",
            metric_queries=[
                metric("reads", "ReadThrottleEvents"),
                metric("writes", "WriteThrottleEvents"),
                {
                    "id": "throttles",
                    "expression": "reads + writes",
                    "label": "Throttles",
                    "return_data": True,
                },
            ],
            evaluation_periods=1,
            threshold=0,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[self.topic.arn],
            ok_actions=[self.topic.arn],
            opts=pulumi.ResourceOptions(parent=self),
        )


def dashboard_body(
    region: str,
    queue: str,
    dlq: str,
    api_function: str,
    processor: str,
    api: str,
    stage: str,
    table: str,
    *,
    events: events_dashboard.EventNames,
) -> str:
    def _widget(title: str, metrics: list[list[Any]], x: int, y: int, stat: str = "Sum") -> dict[str, Any]:
        properties = {"title": title, "metrics": metrics, "stat": stat, "period": PERIOD_S, "region": region}
        return {"type": "metric", "x": x, "y": y, "width": 12, "height": 6, "properties": properties}

    widgets = [
        _widget(
            "Jobs queue",
            [
                ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue],
                [".", "ApproximateAgeOfOldestMessage", ".", "."],
                [".", "ApproximateNumberOfMessagesVisible", ".", dlq, {"label": "DLQ"}],
            ],
            0,
            0,
            "Maximum",
        ),
        _widget(
            "Processor",
            [
                ["AWS/Lambda", "Invocations", "FunctionName", processor],
                [".", "Errors", ".", "."],
                [".", "Throttles", ".", "."],
                [".", "ConcurrentExecutions", ".", ".", {"stat": "Maximum"}],
            ],
            12,
            0,
        ),
        _widget(
            "Processor duration (p99)", [["AWS/Lambda", "Duration", "FunctionName", processor]], 0, 6, "p99"
        ),
        _widget(
            "API requests",
            [
                ["AWS/ApiGateway", "Count", "ApiName", api, "Stage", stage],
                [".", "4XXError", ".", ".", ".", "."],
                [".", "5XXError", ".", ".", ".", "."],
            ],
            12,
            6,
        ),
        _widget(
            "API latency (p99)",
            [
                ["AWS/ApiGateway", "Latency", "ApiName", api, "Stage", stage],
                ["AWS/Lambda", "Duration", "FunctionName", api_function],
            ],
            0,
            12,
            "p99",
        ),
        _widget(
            "Table",
            [
                ["AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", table],
                [".", "ConsumedWriteCapacityUnits", ".", "."],
                [".", "ReadThrottleEvents", ".", "."],
                [".", "WriteThrottleEvents", ".", "."],
            ],
            12,
            12,
        ),
        *pipeline_metrics.widgets(region, PERIOD_S, top=18),
    ]
    bottom = max(w["y"] + w["height"] for w in widgets)
    widgets += events_dashboard.widgets(region, PERIOD_S, bottom, events)
    return json.dumps({"widgets": widgets}, sort_keys=True)
