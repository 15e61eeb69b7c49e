"""What keeps a dead processor from stranding items, per stack: the isolation queue and its mapping,
the dead-letter sweep on a schedule with a role that can do nothing else, the sweep's alarm, and the
lifecycle rule that expires originals no item ever claimed."""

from __future__ import annotations

import json
from typing import Any

from tests.infra.stack_harness import Registered, StackRun

QUEUE = "aws:sqs/queue:Queue"
MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"
FUNCTION = "aws:lambda/function:Function"


def _statements(run: StackRun, function: str) -> dict[str, dict[str, Any]]:
    policy = run.one("aws:iam/rolePolicy:RolePolicy", f"functions-{function}")
    return {s["Sid"]: s for s in json.loads(policy.inputs["policy"])["Statement"]}


def _function(run: StackRun, name: str) -> Registered:
    return run.one(FUNCTION, f"functions-{name}")


def test_the_isolation_queue_is_a_work_queue_like_the_jobs_queue_into_the_same_dlq(run: StackRun) -> None:
    jobs, isolation, dlq = (run.one(QUEUE, name) for name in ("jobs", "jobs-isolation", "jobs-dlq"))
    # GIVEN the queue a re-received record is sent to WHEN it fails there THEN it ends where the
    # jobs queue's poison ends, after as many receives, and it waits as long for a running batch
    assert json.loads(isolation.inputs["redrivePolicy"]) == json.loads(jobs.inputs["redrivePolicy"])
    assert json.loads(isolation.inputs["redrivePolicy"])["deadLetterTargetArn"] == dlq.state["arn"]
    for setting in ("visibilityTimeoutSeconds", "messageRetentionSeconds", "sqsManagedSseEnabled"):
        assert isolation.inputs[setting] == jobs.inputs[setting], setting
    # AND nothing but the processor sends to it: S3 notifies the jobs queue only
    (target,) = run.one("aws:s3/bucketNotification:BucketNotification").inputs["queues"]
    assert target["queueArn"] == jobs.state["arn"]


def test_the_isolation_mapping_hands_the_processor_one_record_at_a_time(run: StackRun) -> None:
    mapping = run.one(MAPPING, "functions-isolation")
    assert mapping.inputs["eventSourceArn"] == run.one(QUEUE, "jobs-isolation").state["arn"]
    assert mapping.inputs["functionName"] == _function(run, "processor").state["arn"]
    assert mapping.inputs["batchSize"] == 1
    assert mapping.inputs["maximumBatchingWindowInSeconds"] == 0
    assert mapping.inputs["functionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping.inputs["scalingConfig"] == {"maximumConcurrency": 2}
    assert run.one("aws:iam/rolePolicy:RolePolicy", "functions-processor").urn in mapping.dependencies


def test_the_processor_may_consume_both_queues_and_send_only_to_the_isolation_queue(run: StackRun) -> None:
    jobs, isolation = (run.one(QUEUE, name).state["arn"] for name in ("jobs", "jobs-isolation"))
    uploads = run.one("aws:s3/bucket:Bucket", "media-uploads").state["arn"]
    statements = _statements(run, "processor")
    assert statements["ConsumeJobs"]["Resource"] == [jobs, isolation]
    assert statements["IsolateReReceivedJobs"]["Action"] == ["sqs:SendMessage"]
    assert statements["IsolateReReceivedJobs"]["Resource"] == [isolation]
    # It takes the unclaimed tag off an original it claims, and removes one whose item is gone
    assert statements["ClaimOrRemoveOriginals"]["Action"] == ["s3:DeleteObject", "s3:DeleteObjectTagging"]
    assert statements["ClaimOrRemoveOriginals"]["Resource"] == [f"{uploads}/originals/*"]
    # The API signs uploads that carry the tag: S3 wants PutObjectTagging for it
    assert "s3:PutObjectTagging" in _statements(run, "api")["UploadAndDeleteOriginals"]["Action"]


def test_the_sweeper_runs_from_the_processors_zip_with_the_same_settings(run: StackRun) -> None:
    sweeper, processor = _function(run, "sweeper"), _function(run, "processor")
    assert sweeper.inputs["handler"] == "processors.sweeper.handler"
    for same in ("runtime", "architectures", "s3Bucket", "s3Key", "sourceCodeHash"):
        assert sweeper.inputs[same] == processor.inputs[same], same
    # The same settings; only Powertools' service name (logs and metrics) is each function's own
    own = "POWERTOOLS_SERVICE_NAME"
    sweeper_env, processor_env = (f.inputs["environment"]["variables"] for f in (sweeper, processor))
    assert {**sweeper_env, own: None} == {**processor_env, own: None}
    assert (sweeper_env[own], processor_env[own]) == ("mediapipe-sweeper", "mediapipe-processor")
    assert (sweeper.inputs["memorySize"], sweeper.inputs["timeout"]) == (256, 60)
    variables = sweeper.inputs["environment"]["variables"]
    assert variables["MEDIAPIPE_DEAD_LETTER_QUEUE_URL"] == run.outputs["dead_letter_queue_url"]
    assert variables["MEDIAPIPE_ISOLATION_QUEUE_URL"] == run.one(QUEUE, "jobs-isolation").state["url"]
    # One code object for the zip both run (two resources for one key would delete each other's)
    zips = [
        o for o in run.of_type("aws:s3/bucketObjectv2:BucketObjectv2") if o.inputs["key"].endswith(".zip")
    ]
    assert len(zips) == len({o.inputs["key"] for o in zips}) == 2


def test_the_sweeper_may_read_the_dlq_in_place_and_fail_items_and_nothing_else(run: StackRun) -> None:
    dlq = run.one(QUEUE, "jobs-dlq").state["arn"]
    table = run.one("aws:dynamodb/table:Table", "media").state["arn"]
    log_group = run.one("aws:cloudwatch/logGroup:LogGroup", "functions-sweeper").state["arn"]
    statements = _statements(run, "sweeper")
    # No DeleteMessage: the DLQ's messages stay for redrive and the alarm; no reads, puts or deletes
    # of items, no S3, no other queue
    assert statements == {
        "ReadDeadLettersInPlace": {
            "Sid": "ReadDeadLettersInPlace",
            "Effect": "Allow",
            "Action": ["sqs:ChangeMessageVisibility", "sqs:ReceiveMessage"],
            "Resource": [dlq],
        },
        "FailStrandedItems": {
            "Sid": "FailStrandedItems",
            "Effect": "Allow",
            "Action": ["dynamodb:UpdateItem"],
            "Resource": [table],
        },
        "WriteOwnLogs": {
            "Sid": "WriteOwnLogs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [f"{log_group}:*"],
        },
        "SendTraces": {
            "Sid": "SendTraces",
            "Effect": "Allow",
            "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
            "Resource": ["*"],
        },
    }


def test_a_schedule_invokes_the_sweeper_and_only_it_may(run: StackRun) -> None:
    sweeper = _function(run, "sweeper")
    rule = run.one("aws:cloudwatch/eventRule:EventRule", "functions-sweep")
    assert rule.inputs["scheduleExpression"] == "rate(5 minutes)"
    target = run.one("aws:cloudwatch/eventTarget:EventTarget", "functions-sweep")
    assert (target.inputs["rule"], target.inputs["arn"]) == (rule.state["name"], sweeper.state["arn"])
    permission = run.one("aws:lambda/permission:Permission", "functions-sweep")
    assert permission.inputs["function"] == sweeper.state["name"]
    assert permission.inputs["principal"] == "events.amazonaws.com"
    assert permission.inputs["sourceArn"] == rule.state["arn"]
    assert permission.urn in target.dependencies


def test_a_failing_sweep_raises_an_alarm(run: StackRun) -> None:
    alarm = run.one("aws:cloudwatch/metricAlarm:MetricAlarm", "sweeper-errors")
    assert alarm.inputs["metricName"] == "Errors"
    assert alarm.inputs["dimensions"] == {"FunctionName": _function(run, "sweeper").state["name"]}
    assert alarm.inputs["alarmActions"] == [run.one("aws:sns/topic:Topic").state["arn"]]


def test_originals_no_item_claimed_expire(run: StackRun) -> None:
    lifecycle = next(
        c
        for c in run.of_type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        if run.by_urn(c.property_dependencies["bucket"][0]).name == "media-uploads"
    )
    rule = lifecycle.inputs["rules"][-1]
    assert rule == {
        "id": "expire-unclaimed-originals",
        "status": "Enabled",
        "filter": {"and": {"prefix": "originals/", "tags": {"mediapipe-state": "unclaimed"}}},
        "expiration": {"days": 15},
    }
    # Longer than the DLQ keeps a message: a job redriven on its last day still finds its original
    assert rule["expiration"]["days"] * 86400 > run.one(QUEUE, "jobs-dlq").inputs["messageRetentionSeconds"]
