"""Webhooks, per stack: the delivery queue, its DLQ and redrive, the sender and its mapping, what
the sender may do, and the DLQ's alarm."""

from __future__ import annotations

import json

from tests.infra.stack_harness import StackRun

QUEUE = "aws:sqs/queue:Queue"
MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping"


def test_the_delivery_queue_retries_into_a_dlq(run: StackRun) -> None:
    queue, dlq = run.one(QUEUE, "events-webhooks"), run.one(QUEUE, "events-webhooks-dlq")
    # GIVEN a delivery that keeps failing WHEN it was received as often as the sender's schedule
    # has attempts THEN it moves to the DLQ, which keeps it 14 days
    assert json.loads(queue.inputs["redrivePolicy"]) == {
        "deadLetterTargetArn": dlq.state["arn"],
        "maxReceiveCount": 8,
    }
    assert dlq.inputs["messageRetentionSeconds"] == 14 * 86400
    allow = json.loads(
        run.one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "events-webhooks-dlq").inputs[
            "redriveAllowPolicy"
        ]
    )
    assert allow == {"redrivePermission": "byQueue", "sourceQueueArns": [queue.state["arn"]]}
    # AND the queue keeps a message longer than the whole schedule (about 28 hours), encrypted
    assert queue.inputs["messageRetentionSeconds"] >= 2 * 86400
    assert queue.inputs["sqsManagedSseEnabled"] and dlq.inputs["sqsManagedSseEnabled"]
    # AND a batch whose sender died reappears only after the invocation surely ended
    sender = run.function("webhooks")
    assert queue.inputs["visibilityTimeoutSeconds"] >= 6 * sender.inputs["timeout"]
    # AND every function may learn where to send: the queue's URL is in the settings
    for function in run.functions().values():
        variables = function.inputs["environment"]["variables"]
        assert variables["MEDIAPIPE_WEBHOOK_QUEUE_URL"] == queue.state["url"]
        assert variables["MEDIAPIPE_WEBHOOK_ALLOW_LOOPBACK"] == "false"


def test_the_sender_takes_small_batches_and_reports_each_failure(run: StackRun) -> None:
    mapping = run.one(MAPPING, "events-webhooks")
    assert mapping.inputs["eventSourceArn"] == run.one(QUEUE, "events-webhooks").state["arn"]
    assert mapping.inputs["functionName"] == run.function("webhooks").state["arn"]
    assert mapping.inputs["functionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping.inputs["batchSize"] == 5
    assert mapping.inputs["maximumBatchingWindowInSeconds"] == 0
    assert mapping.inputs["scalingConfig"] == {"maximumConcurrency": 5}
    # Each attempt bounded at 10 s: a whole batch, one after another, fits the sender's timeout
    assert mapping.inputs["batchSize"] * 10 < run.function("webhooks").inputs["timeout"]
    assert run.function("webhooks", "aws:iam/rolePolicy:RolePolicy").urn in mapping.dependencies


def test_the_sender_may_consume_and_retry_deliveries_and_record_them_only(run: StackRun) -> None:
    queue = run.one(QUEUE, "events-webhooks").state["arn"]
    media = run.one("aws:dynamodb/table:Table", "media").state["arn"]
    policy = run.function("webhooks", "aws:iam/rolePolicy:RolePolicy")
    statements = {
        s["Sid"]: (s["Action"], s["Resource"]) for s in json.loads(policy.inputs["policy"])["Statement"]
    }
    assert statements["ConsumeDeliveries"] == (
        [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:ReceiveMessage",
            "sqs:SendMessage",
        ],
        [queue],
    )
    assert statements["WebhooksAndDeliveries"] == (
        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
        [media],
    )
    assert set(statements) == {"ConsumeDeliveries", "WebhooksAndDeliveries", "WriteOwnLogs", "SendTraces"}
    # No connections, no secrets, no S3, no VPC: it calls owners' https URLs and nothing else of ours


def test_a_delivery_that_used_up_its_attempts_raises_an_alarm(run: StackRun) -> None:
    alarm = run.one("aws:cloudwatch/metricAlarm:MetricAlarm", "webhook-dlq-not-empty")
    dlq = run.one(QUEUE, "events-webhooks-dlq")
    assert (alarm.inputs["namespace"], alarm.inputs["metricName"]) == (
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
    )
    assert alarm.inputs["dimensions"] == {"QueueName": dlq.state["name"]}
    assert (alarm.inputs["threshold"], alarm.inputs["comparisonOperator"]) == (0, "GreaterThanThreshold")
    assert alarm.inputs["alarmActions"] == [run.one("aws:sns/topic:Topic").state["arn"]]
