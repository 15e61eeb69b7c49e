"""Tracing, the functions' own metrics on the dashboard, and the alarms on them, per stack."""

from __future__ import annotations

import json
from typing import Any

from app.domain.metrics import RenditionRole, Step
from tests.infra.stack_harness import StackRun

FUNCTION = "aws:lambda/function:Function"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
XRAY = {
    "Sid": "SendTraces",
    "Effect": "Allow",
    "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
    "Resource": ["*"],
}


def _statements(run: StackRun, function: str) -> list[dict[str, Any]]:
    policy = run.function(function, "aws:iam/rolePolicy:RolePolicy")
    statements: list[dict[str, Any]] = json.loads(policy.inputs["policy"])["Statement"]
    return statements


def test_every_function_and_the_stage_are_traced(run: StackRun) -> None:
    functions = run.of_type(FUNCTION)
    assert {f.name for f in functions} >= {"functions-api", "functions-processor", "functions-sweeper"}
    for function in functions:
        assert function.inputs["tracingConfig"] == {"mode": "Active"}, function.name
    assert run.one("aws:apigateway/stage:Stage").inputs["xrayTracingEnabled"] is True


def test_each_role_may_send_traces_and_nothing_more_of_x_ray(run: StackRun) -> None:
    for function in ("api", "processor", "sweeper"):
        statements = _statements(run, function)
        xray = [s for s in statements if any(str(a).startswith("xray:") for a in s["Action"])]
        # Exactly the two calls the Lambda runtime makes, on "*" (X-Ray has no resource to name);
        # nothing for the metrics: embedded metric format is log lines
        assert xray == [XRAY], function
        assert not [s for s in statements if any(str(a).startswith("cloudwatch:") for a in s["Action"])]


def test_p95_processing_time_alarms_per_kind_with_the_configured_thresholds(run: StackRun) -> None:
    topic = run.one("aws:sns/topic:Topic").state["arn"]
    defaults = {"image": 10_000, "video": 90_000, "audio": 45_000}
    for kind, threshold in defaults.items():
        alarm = run.one(ALARM, f"processing-p95-{kind}")
        assert alarm.inputs["namespace"] == "MediaPipeline"
        assert alarm.inputs["metricName"] == "ProcessingTime"
        assert alarm.inputs["dimensions"] == {
            "service": "mediapipe-processor",
            "kind": kind,
            "outcome": "READY",
        }
        assert alarm.inputs["extendedStatistic"] == "p95"
        assert alarm.inputs["threshold"] == threshold
        assert alarm.inputs["alarmActions"] == alarm.inputs["okActions"] == [topic]


def test_rejection_rate_alarms_divide_rejected_by_all_finished_items_of_the_kind(run: StackRun) -> None:
    topic = run.one("aws:sns/topic:Topic").state["arn"]
    for kind in ("image", "video", "audio"):
        alarm = run.one(ALARM, f"rejection-rate-{kind}")
        queries = {q["id"]: q for q in alarm.inputs["metricQueries"]}
        outcomes = {
            q["metric"]["dimensions"]["outcome"]
            for q in queries.values()
            if "metric" in q
            and q["metric"]["metricName"] == "ItemsFinished"
            and q["metric"]["dimensions"]["kind"] == kind
        }
        assert outcomes == {"READY", "REJECTED", "FAILED"}
        (returned,) = [q for q in queries.values() if q.get("returnData")]
        assert returned["expression"] == "IF(total >= 10, FILL(rejected, 0) / total, 0)"
        assert queries["total"]["expression"] == "FILL(ready, 0) + FILL(rejected, 0) + FILL(failed, 0)"
        assert alarm.inputs["threshold"] == 0.25
        assert alarm.inputs["alarmActions"] == alarm.inputs["okActions"] == [topic]


def test_the_dashboard_shows_the_catalogue(run: StackRun) -> None:
    body = json.loads(run.one("aws:cloudwatch/dashboard:Dashboard").inputs["dashboardBody"])
    ours = [w for w in body["widgets"] if any(m[0] == "MediaPipeline" for m in w["properties"]["metrics"])]
    shown = {m[1] for w in ours for m in w["properties"]["metrics"]}
    assert shown == {"ItemsFinished", "ProcessingTime", "StepTime", "RenditionTime", "BytesIn", "BytesOut",
                     "QueueLag", "Retries", "UploadsCreated"}  # fmt: skip
    steps = {m[7] for w in ours for m in w["properties"]["metrics"] if m[1] == "StepTime"}
    roles = {m[7] for w in ours for m in w["properties"]["metrics"] if m[1] == "RenditionTime"}
    # Every point named with the service dimension its function's points carry
    services = {m[1]: m[3] for w in ours for m in w["properties"]["metrics"]}
    assert services == {
        name: "mediapipe-api" if name == "UploadsCreated" else "mediapipe-processor" for name in shown
    }
    assert steps == {step.value for step in Step}  # the catalogue's steps, each one charted
    assert roles == {role.value for role in RenditionRole}  # and its roles
    # No two widgets in one place
    assert len({(w["x"], w["y"]) for w in body["widgets"]}) == len(body["widgets"])
