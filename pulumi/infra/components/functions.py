"""The Lambdas: the GraphQL API, the SQS-fed processor, and the dead-letter sweeper.

Each has its own role with an inline least-privilege policy (infra/policies.py), its own log group
with retention (the function logs JSON into it, so Lambda never creates a never-expiring default
group) and its code from a content-addressed object in the code bucket (S3-deployed code may be up
to 250 MB unzipped, where a direct upload stops at 50 MB zipped). The processor reads the jobs
queue through an event source mapping that reports partial batch failures, and the isolation queue
through a second one that hands it one record at a time (processors/batches.py). The sweeper runs
from the processor's zip (it needs the same app code, and none of the media code's weight is loaded
for it) on an EventBridge schedule, and marks FAILED the items whose jobs the DLQ holds and nobody
works on: a processor that died (out of memory, past its timeout) never says so itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import pipeline_metrics, policies
from infra.naming import Naming
from infra.packaging import Artifact

RUNTIME = "python3.12"
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
class FunctionSpec:
    artifact: Artifact
    memory_mb: int
    timeout_s: int
    ephemeral_mb: int = 512  # /tmp, Lambda's default; the processor's holds each original


@dataclass(frozen=True)
class DataAccess:
    table_arn: pulumi.Input[str]
    uploads_bucket_arn: pulumi.Input[str]
    processed_bucket_arn: pulumi.Input[str]
    jobs_queue_arn: pulumi.Input[str]
    isolation_queue_arn: pulumi.Input[str]
    dead_letter_queue_arn: pulumi.Input[str]


@dataclass(frozen=True)
class VpcPlacement:
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]]


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


class MediaFunctions(pulumi.ComponentResource):
    """The Lambdas, their roles and log groups, the queues' event source mappings, the sweep's schedule."""

    def __init__(
        self, name: str, args: MediaFunctionsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:compute:MediaFunctions", name, None, opts)
        self._args = args
        self._policies: dict[str, aws.iam.RolePolicy] = {}
        self._code: dict[str, aws.s3.BucketObjectv2] = {}
        self.api, self.api_logs = self._function(
            f"{name}-api", "api", API_HANDLER, args.api, policies.api_statements, args.api_grants
        )
        self.processor, self.processor_logs = self._function(
            f"{name}-processor", "processor", PROCESSOR_HANDLER, args.processor, policies.processor_statements
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
            f"{name}-sweeper", "sweeper", SWEEPER_HANDLER, sweeper, policies.sweeper_statements
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

    def _function(
        self,
        name: str,
        role_name: str,
        handler: str,
        spec: FunctionSpec,
        statements: policies.StatementsFor,
        grants: pulumi.Input[Sequence[policies.Statement]] | None = None,
    ) -> tuple[aws.lambda_.Function, aws.cloudwatch.LogGroup]:
        args = self._args
        child = pulumi.ResourceOptions(parent=self)
        logs = aws.cloudwatch.LogGroup(
            name,
            name=args.naming.log_group(role_name),
            retention_in_days=args.log_retention_days,
            opts=child,
        )
        role = aws.iam.Role(
            name,
            assume_role_policy=policies.document(policies.lambda_assume_role()),
            description=f"The {role_name} Lambda of {args.naming.prefix}",
            opts=child,
        )
        arns = pulumi.Output.all(
            args.data.table_arn,
            args.data.uploads_bucket_arn,
            args.data.processed_bucket_arn,
            args.data.jobs_queue_arn,
            args.data.isolation_queue_arn,
            args.data.dead_letter_queue_arn,
            logs.arn,
        ).apply(lambda v: policies.DataArns(*v))
        # A function in a VPC creates its network interfaces with its own role: both functions need it.
        in_vpc = args.vpc is not None
        policy = aws.iam.RolePolicy(
            name,
            role=role.id,
            policy=policies.document(arns.apply(lambda a: policies.with_network(statements(a), in_vpc))),
            opts=child,
        )
        self._policies[role_name] = policy
        policies_first: list[pulumi.Resource] = [policy]
        if grants is not None:
            grant = aws.iam.RolePolicy(
                f"{name}-grants", role=role.id, policy=policies.document(grants), opts=child
            )
            policies_first.append(grant)
        code = self._code_object(name, spec.artifact)
        vpc: aws.lambda_.FunctionVpcConfigArgsDict | None = None
        if args.vpc is not None:
            vpc = {"subnet_ids": args.vpc.subnet_ids, "security_group_ids": args.vpc.security_group_ids}
        function = aws.lambda_.Function(
            name,
            role=role.arn,
            runtime=RUNTIME,
            handler=handler,
            architectures=[args.architecture],
            memory_size=spec.memory_mb,
            timeout=spec.timeout_s,
            ephemeral_storage={"size": spec.ephemeral_mb},
            s3_bucket=code.bucket,
            s3_key=code.key,
            source_code_hash=spec.artifact.sha256_base64,
            # Powertools' service name: the logs' `service` and the metrics' `service` dimension.
            environment={
                "variables": {
                    **args.environment,
                    "POWERTOOLS_SERVICE_NAME": pipeline_metrics.SERVICES[role_name],
                }
            },
            logging_config={
                "log_format": "JSON",
                "log_group": logs.name,
                "application_log_level": "INFO",
                "system_log_level": "WARN",
            },
            vpc_config=vpc,
            # X-Ray: every function's invocations traced (its role may send them: infra/policies.py).
            tracing_config={"mode": "Active"},
            opts=pulumi.ResourceOptions(parent=self, depends_on=policies_first),
        )
        return function, logs

    def _code_object(self, name: str, artifact: Artifact) -> aws.s3.BucketObjectv2:
        """One object per zip, whichever functions run it (two resources for one key would fight)."""
        if artifact.key not in self._code:
            self._code[artifact.key] = aws.s3.BucketObjectv2(
                name,
                bucket=self._args.code_bucket,
                key=artifact.key,
                source=pulumi.FileAsset(str(artifact.path)),
                content_type="application/zip",
                opts=pulumi.ResourceOptions(parent=self),
            )
        return self._code[artifact.key]
