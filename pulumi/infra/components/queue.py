"""The jobs queue: S3 upload events in, processor batches out, poison messages to a dead-letter queue.

The visibility timeout is a multiple of the processor's timeout (a batch in flight never reappears
while still being worked on); after `max_receives` failed receives a message moves to the DLQ, which
keeps it for 14 days. Beside it, the isolation queue: where the processor sends a record that came
back (its batch's processor died) to be processed alone, with the same timeouts, receives and DLQ
(processors/batches.py). Every queue is encrypted (SSE-SQS, which S3 notifications can write to
without a KMS grant). Only the uploads bucket may send to the jobs queue, and the bucket's
notification is created after that permission exists (S3 checks it when the notification is put).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies

DLQ_RETENTION_S = 14 * 24 * 3600
QUEUE_RETENTION_S = 4 * 24 * 3600
LONG_POLL_S = 20


@dataclass(frozen=True)
class JobsQueueArgs:
    uploads_bucket_id: pulumi.Input[str]
    uploads_bucket_arn: pulumi.Input[str]
    account_id: pulumi.Input[str]
    visibility_timeout_s: int
    max_receives: int = 5


def redrive_policy(dlq_arn: str, max_receives: int) -> str:
    return json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receives})


def redrive_allow_policy(source_arns: list[str]) -> str:
    return json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": source_arns})


class JobsQueue(pulumi.ComponentResource):
    """An SQS work queue fed by the uploads bucket, whose poison messages go to a dead-letter queue."""

    def __init__(self, name: str, args: JobsQueueArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:messaging:JobsQueue", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.dlq = aws.sqs.Queue(
            f"{name}-dlq",
            message_retention_seconds=DLQ_RETENTION_S,
            sqs_managed_sse_enabled=True,
            opts=child,
        )
        self.queue = self._work_queue(name, args)
        self.isolation = self._work_queue(f"{name}-isolation", args)
        aws.sqs.RedriveAllowPolicy(
            f"{name}-dlq",
            queue_url=self.dlq.url,
            redrive_allow_policy=pulumi.Output.all(self.queue.arn, self.isolation.arn).apply(
                redrive_allow_policy
            ),
            opts=child,
        )
        statements = pulumi.Output.all(self.queue.arn, args.uploads_bucket_arn, args.account_id).apply(
            lambda v: policies.queue_policy(v[0], v[1], v[2])
        )
        self.policy = aws.sqs.QueuePolicy(
            name, queue_url=self.queue.url, policy=policies.document(statements), opts=child
        )
        self.notification = aws.s3.BucketNotification(
            f"{name}-originals",
            bucket=args.uploads_bucket_id,
            queues=[
                {
                    "queue_arn": self.queue.arn,
                    "events": ["s3:ObjectCreated:*"],
                    "filter_prefix": policies.ORIGINALS_PREFIX,
                }
            ],
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self.policy]),
        )
        self.register_outputs(
            {
                "queue_url": self.queue.url,
                "queue_arn": self.queue.arn,
                "isolation_queue_url": self.isolation.url,
                "dlq_arn": self.dlq.arn,
            }
        )

    def _work_queue(self, name: str, args: JobsQueueArgs) -> aws.sqs.Queue:
        return aws.sqs.Queue(
            name,
            visibility_timeout_seconds=args.visibility_timeout_s,
            message_retention_seconds=QUEUE_RETENTION_S,
            receive_wait_time_seconds=LONG_POLL_S,
            sqs_managed_sse_enabled=True,
            redrive_policy=self.dlq.arn.apply(lambda arn: redrive_policy(arn, args.max_receives)),
            opts=pulumi.ResourceOptions(parent=self),
        )
