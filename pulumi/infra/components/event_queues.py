"""The queues of events out: webhook deliveries waiting to be sent, and the stream's failures.

The webhook queue holds one message per delivery (the notifier sends them, the sender consumes
them). A failed attempt is retried over hours: the sender sets the message's visibility to the next
backoff step (ChangeMessageVisibility, 12 hours at most) and reports it failed, so every attempt is
one receive; after WEBHOOK_MAX_RECEIVES receives the message moves to the webhook DLQ, which an
alarm watches (monitoring.py). The queue keeps a message four days, longer than the whole schedule.

The stream failures queue is the stream mapping's on-failure destination: when a batch of the media
table's stream still fails after its bounded retries, Lambda sends a record of it there (the shard
and the sequence numbers, not the changes themselves, which stay readable in the stream for 24
hours). Every queue is encrypted (SSE-SQS).
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from infra.components.queue import DLQ_RETENTION_S, LONG_POLL_S, redrive_allow_policy, redrive_policy

WEBHOOK_RETENTION_S = 4 * 24 * 3600
# Every attempt of a delivery is one receive: the sender's backoff schedule makes at most this many
# (the Standard Webhooks schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), then the
# message goes to the DLQ.
WEBHOOK_MAX_RECEIVES = 8


class EventQueues(pulumi.ComponentResource):
    """The webhook delivery queue and its DLQ, and the stream mapping's on-failure queue."""

    def __init__(self, name: str, sender_timeout_s: int, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:messaging:EventQueues", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.webhook_dlq = aws.sqs.Queue(
            f"{name}-webhooks-dlq",
            message_retention_seconds=DLQ_RETENTION_S,
            sqs_managed_sse_enabled=True,
            opts=child,
        )
        self.webhooks = aws.sqs.Queue(
            f"{name}-webhooks",
            # Six times the sender's timeout, as AWS advises for a Lambda's queue: a batch whose
            # sender died reappears only after its invocation surely ended. Retries set their own.
            visibility_timeout_seconds=6 * sender_timeout_s,
            message_retention_seconds=WEBHOOK_RETENTION_S,
            receive_wait_time_seconds=LONG_POLL_S,
            sqs_managed_sse_enabled=True,
            redrive_policy=self.webhook_dlq.arn.apply(lambda arn: redrive_policy(arn, WEBHOOK_MAX_RECEIVES)),
            opts=child,
        )
        aws.sqs.RedriveAllowPolicy(
            f"{name}-webhooks-dlq",
            queue_url=self.webhook_dlq.url,
            redrive_allow_policy=pulumi.Output.all(self.webhooks.arn).apply(redrive_allow_policy),
            opts=child,
        )
        self.stream_failures = aws.sqs.Queue(
            f"{name}-stream-failures",
            message_retention_seconds=DLQ_RETENTION_S,
            sqs_managed_sse_enabled=True,
            opts=child,
        )
        self.register_outputs(
            {
                "webhook_queue_url": self.webhooks.url,
                "webhook_dlq_url": self.webhook_dlq.url,
                "stream_failures_url": self.stream_failures.url,
            }
        )
