"""The Lambdas of the pipeline: the GraphQL API, the SQS-fed processor, and the dead-letter sweeper.

Each is built as function_group.py says (its own role, policy, log group and code). The processor
reads the jobs queue through an event source mapping that reports partial batch failures, and the
isolation queue through a second one that hands it one record at a time (processors/batches.py).
The sweeper runs
from the processor's zip (it needs the same app code, and none of the media code's weight is loaded
for it) on an EventBridge schedule, and marks FAILED the items whose jobs the DLQ holds and nobody
works on: a processor that died (out of memory, past its timeout) never says so itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies
from infra.components.function_group import (
    FunctionGroup,
    FunctionSpec,
    Placement,
    PolicyFor,
    VpcPlacement,
)
from infra.naming import Naming

API_HANDLER = "app.handler.handler"
PROCESSOR_HANDLER = "processors.handler.handler"
SWEEPER_HANDLER = "processors.sweeper.handler"
# A stranded item shows FAILED at most this long after its message reached the DLQ.
SWEEP_SCHEDULE = "rate(5 minutes)"
# The sweep reads at most 1,000 dead letters and writes one conditional update for each.
SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_S = 256, 60
# Records in the isolation queue are few and suspect: the smallest concurrency SQS mappings allow.
ISOLATION_CONCURRENCY = 2


@dataclass(frozen=True)
class DataAccess:
    table_arn: pulumi.Input[str]
    uploads_bucket_arn: pulumi.Input[str]
    processed_bucket_arn: pulumi.Input[str]
    jobs_queue_arn: pulumi.Input[str]
    isolation_queue_arn: pulumi.Input[str]
    dead_letter_queue_arn: pulumi.Input[str]


@dataclass(frozen=True)
class MediaFunctionsArgs:
    naming: Naming
    architecture: str
    code_bucket: pulumi.Input[str]
    api: FunctionSpec
    processor: FunctionSpec
    environment: Mapping[str, pulumi.Input[str]]
    data: DataAccess
    log_retention_days: int
    batch_size: int
    batching_window_s: int
    max_concurrency: int
    vpc: VpcPlacement | None = None
    # More the API may do, in a policy of its own (private delivery: infra/policies.py).
    api_grants: pulumi.Input[Sequence[policies.Statement]] | None = None


class MediaFunctions(FunctionGroup):
    """The Lambdas, their roles and log groups, the queues' event source mappings, the sweep's schedule."""

    def __init__(
        self, name: str, args: MediaFunctionsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        placement = Placement(
            args.naming, args.architecture, args.code_bucket, args.environment, args.log_retention_days
        )
        super().__init__("media:compute:MediaFunctions", name, placement, opts)
        self._args = args
        self.api, self.api_logs = self._function(
            f"{name}-api",
            "api",
            API_HANDLER,
            args.api,
            self._data_policy(policies.api_statements),
            args.api_grants,
            vpc=args.vpc,
        )
        self.processor, self.processor_logs = self._function(
            f"{name}-processor",
            "processor",
            PROCESSOR_HANDLER,
            args.processor,
            self._data_policy(policies.processor_statements),
            vpc=args.vpc,
        )
        self.jobs_mapping = self._mapping(
            f"{name}-jobs",
            args.data.jobs_queue_arn,
            args.batch_size,
            args.batching_window_s,
            args.max_concurrency,
        )
        # One record per invocation, at once: a record here already cost its batch one crash.
        self.isolation_mapping = self._mapping(
            f"{name}-isolation", args.data.isolation_queue_arn, 1, 0, ISOLATION_CONCURRENCY
        )
        sweeper = FunctionSpec(args.processor.artifact, SWEEPER_MEMORY_MB, SWEEPER_TIMEOUT_S)
        self.sweeper, self.sweeper_logs = self._function(
            f"{name}-sweeper",
            "sweeper",
            SWEEPER_HANDLER,
            sweeper,
            self._data_policy(policies.sweeper_statements),
            vpc=args.vpc,
        )
        self.sweep_schedule = self._schedule(f"{name}-sweep", self.sweeper)
        self.register_outputs(
            {
                "api_function": self.api.name,
                "processor_function": self.processor.name,
                "sweeper_function": self.sweeper.name,
                "api_log_group": self.api_logs.name,
                "processor_log_group": self.processor_logs.name,
            }
        )

    def _data_policy(self, statements: policies.StatementsFor) -> PolicyFor:
        """The statements of a function of this group, from the data's ARNs and its log group's."""
        data = self._args.data

        def policy(log_group_arn: pulumi.Output[str]) -> pulumi.Output[list[policies.Statement]]:
            arns = pulumi.Output.all(
                data.table_arn,
                data.uploads_bucket_arn,
                data.processed_bucket_arn,
                data.jobs_queue_arn,
                data.isolation_queue_arn,
                data.dead_letter_queue_arn,
                log_group_arn,
            )
            return arns.apply(lambda v: statements(policies.DataArns(*v)))

        return policy

    def _mapping(
        self, name: str, queue_arn: pulumi.Input[str], batch_size: int, window_s: int, concurrency: int
    ) -> aws.lambda_.EventSourceMapping:
        return aws.lambda_.EventSourceMapping(
            name,
            event_source_arn=queue_arn,
            function_name=self.processor.arn,
            batch_size=batch_size,
            maximum_batching_window_in_seconds=window_s,
            function_response_types=["ReportBatchItemFailures"],
            scaling_config={"maximum_concurrency": concurrency},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self._policies["processor"]]),
        )

    def _schedule(self, name: str, function: aws.lambda_.Function) -> aws.cloudwatch.EventRule:
        """EventBridge invokes `function` on SWEEP_SCHEDULE; only this rule may (the permission's source)."""
        child = pulumi.ResourceOptions(parent=self)
        rule = aws.cloudwatch.EventRule(
            name,
            description=f"{self._args.naming.prefix}: mark FAILED the items whose jobs are in the DLQ",
            schedule_expression=SWEEP_SCHEDULE,
            opts=child,
        )
        permission = aws.lambda_.Permission(
            name,
            action="lambda:InvokeFunction",
            function=function.name,
            principal="events.amazonaws.com",
            source_arn=rule.arn,
            opts=child,
        )
        aws.cloudwatch.EventTarget(
            name,
            rule=rule.name,
            arn=function.arn,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[permission]),
        )
        return rule
