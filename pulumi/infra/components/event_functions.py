"""The Lambdas of events out: the realtime function behind the WebSocket API, the notifier on the
media table's stream, and the webhook sender on the delivery queue.

All three run from the API's zip (the same app code; only the handler string differs) with the
stack's settings, built as function_group.py says. None runs in the optional VPC: that network has
no route out (network.py), and these functions' work is outside it: the realtime function and the
notifier call the WebSocket API's @connections management API at its public endpoint, the sender
calls whatever https URL an owner registered. Their policies are in infra/event_policies.py.

The stream mapping is built for low latency and for failures that must not block a shard: small
batches as soon as there are records, partial batch responses (the notifier names the first record
it could not handle; Lambda retries from there), bisection of a failing batch down to the record at
fault, bounded retries and record age, then an on-failure destination (event_queues.py). Only the
items' own records reach the notifier (a filter on `sk`): the webhooks and deliveries it writes
beside them, usage counters and audit entries never invoke it, so it cannot feed itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import event_policies, policies
from infra.components.function_group import FunctionGroup, FunctionSpec, Placement, PolicyFor
from infra.packaging import Artifact

REALTIME_HANDLER = "app.realtime_handler.handler"
NOTIFIER_HANDLER = "app.notifier_handler.handler"
WEBHOOK_HANDLER = "app.webhook_handler.handler"
# API Gateway waits 29 s at most for a WebSocket integration; one message is a few table calls.
REALTIME_MEMORY_MB, REALTIME_TIMEOUT_S = 512, 10
# One batch: a query of the owner's subscriptions and a post to each, per record.
NOTIFIER_MEMORY_MB, NOTIFIER_TIMEOUT_S = 512, 60
# One batch of deliveries, one after another, each attempt bounded by the sender's own timeouts
# (at most 10 s for connect and response together): WEBHOOK_BATCH_SIZE x 10 s fits.
WEBHOOK_MEMORY_MB, WEBHOOK_TIMEOUT_S = 256, 60
WEBHOOK_BATCH_SIZE = 5
# Deliveries to receivers at once, every owner together (SQS mappings allow 2 at least).
WEBHOOK_CONCURRENCY = 5

# The stream mapping. Lambda polls each shard four times a second: a batching window would only
# add to the latency; ten records keep one failing batch's bisection short.
STREAM_BATCH_SIZE = 10
STREAM_BATCHING_WINDOW_S = 0
STREAM_MAX_RETRIES = 5
# A change older than this is no longer news: it goes to the on-failure queue instead of blocking.
STREAM_MAX_RECORD_AGE_S = 3600
# The items' records: sk = MEDIA#{id} (app/adapters/table_schema.py, through the contract test).
MEDIA_SK_PREFIX = "MEDIA#"


def media_records_filter() -> str:
    """The stream mapping's filter: only records whose key's sk starts with MEDIA# (REMOVE too)."""
    return json.dumps({"dynamodb": {"Keys": {"sk": {"S": [{"prefix": MEDIA_SK_PREFIX}]}}}})


@dataclass(frozen=True)
class EventAccess:
    """What the event functions touch (event_policies.EventArns, before it is resolved)."""

    media_table_arn: pulumi.Input[str]
    media_stream_arn: pulumi.Input[str]
    realtime_table_arn: pulumi.Input[str]
    websocket_execution_arn: pulumi.Input[str]
    websocket_stage: str
    webhook_queue_arn: pulumi.Input[str]
    stream_failures_queue_arn: pulumi.Input[str]
    url_signing_secret_arn: pulumi.Input[str]


@dataclass(frozen=True)
class EventFunctionsArgs:
    placement: Placement
    artifact: Artifact  # the API's zip
    access: EventAccess
    # The code objects already uploaded (the API's zip is: functions.py), shared, never duplicated.
    code: Mapping[str, aws.s3.BucketObjectv2]


class EventFunctions(FunctionGroup):
    """The realtime, notifier and webhook sender Lambdas, the stream mapping and the delivery mapping."""

    def __init__(
        self, name: str, args: EventFunctionsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:events:EventFunctions", name, args.placement, opts, code=args.code)
        self._access = args.access
        self.realtime, self.realtime_logs = self._function(
            f"{name}-realtime",
            "realtime",
            REALTIME_HANDLER,
            FunctionSpec(args.artifact, REALTIME_MEMORY_MB, REALTIME_TIMEOUT_S),
            self._policy(event_policies.realtime_statements),
        )
        self.notifier, self.notifier_logs = self._function(
            f"{name}-notifier",
            "notifier",
            NOTIFIER_HANDLER,
            FunctionSpec(args.artifact, NOTIFIER_MEMORY_MB, NOTIFIER_TIMEOUT_S),
            self._policy(event_policies.notifier_statements),
        )
        self.webhooks, self.webhooks_logs = self._function(
            f"{name}-webhooks",
            "webhooks",
            WEBHOOK_HANDLER,
            FunctionSpec(args.artifact, WEBHOOK_MEMORY_MB, WEBHOOK_TIMEOUT_S),
            self._policy(event_policies.webhook_sender_statements),
        )
        self.stream_mapping = aws.lambda_.EventSourceMapping(
            f"{name}-stream",
            event_source_arn=args.access.media_stream_arn,
            function_name=self.notifier.arn,
            starting_position="LATEST",
            batch_size=STREAM_BATCH_SIZE,
            maximum_batching_window_in_seconds=STREAM_BATCHING_WINDOW_S,
            function_response_types=["ReportBatchItemFailures"],
            bisect_batch_on_function_error=True,
            maximum_retry_attempts=STREAM_MAX_RETRIES,
            maximum_record_age_in_seconds=STREAM_MAX_RECORD_AGE_S,
            destination_config={"on_failure": {"destination_arn": args.access.stream_failures_queue_arn}},
            filter_criteria={"filters": [{"pattern": media_records_filter()}]},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self._policies["notifier"]]),
        )
        self.webhook_mapping = aws.lambda_.EventSourceMapping(
            f"{name}-webhooks",
            event_source_arn=args.access.webhook_queue_arn,
            function_name=self.webhooks.arn,
            batch_size=WEBHOOK_BATCH_SIZE,
            maximum_batching_window_in_seconds=0,
            function_response_types=["ReportBatchItemFailures"],
            scaling_config={"maximum_concurrency": WEBHOOK_CONCURRENCY},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self._policies["webhooks"]]),
        )
        self.register_outputs(
            {
                "realtime_function": self.realtime.name,
                "notifier_function": self.notifier.name,
                "webhook_function": self.webhooks.name,
                "stream_mapping": self.stream_mapping.uuid,
            }
        )

    def _policy(self, statements: event_policies.StatementsFor) -> PolicyFor:
        access = self._access

        def policy(log_group_arn: pulumi.Output[str]) -> pulumi.Output[list[policies.Statement]]:
            arns = pulumi.Output.all(
                access.media_table_arn,
                access.media_stream_arn,
                access.realtime_table_arn,
                access.websocket_execution_arn,
                access.websocket_stage,
                access.webhook_queue_arn,
                access.stream_failures_queue_arn,
                access.url_signing_secret_arn,
                log_group_arn,
            )
            return arns.apply(lambda v: statements(event_policies.EventArns(*v)))

        return policy
