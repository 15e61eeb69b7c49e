"""The two Lambdas: the GraphQL API and the SQS-fed processor.

Each has its own role with an inline least-privilege policy (infra/policies.py), its own log group
with retention (the function logs JSON into it, so Lambda never creates a never-expiring default
group) and its code from a content-addressed object in the code bucket (S3-deployed code may be up
to 250 MB unzipped, where a direct upload stops at 50 MB zipped). The processor reads the jobs
queue through an event source mapping that reports partial batch failures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies
from infra.naming import Naming
from infra.packaging import Artifact

RUNTIME = "python3.12"
API_HANDLER = "app.handler.handler"
PROCESSOR_HANDLER = "processors.handler.handler"


@dataclass(frozen=True)
class FunctionSpec:
    artifact: Artifact
    memory_mb: int
    timeout_s: int


@dataclass(frozen=True)
class DataAccess:
    table_arn: pulumi.Input[str]
    uploads_bucket_arn: pulumi.Input[str]
    processed_bucket_arn: pulumi.Input[str]
    jobs_queue_arn: pulumi.Input[str]


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
    """The API and processor Lambdas, their roles, log groups and the queue's event source mapping."""

    def __init__(
        self, name: str, args: MediaFunctionsArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:compute:MediaFunctions", name, None, opts)
        self._args = args
        self._policies: dict[str, aws.iam.RolePolicy] = {}
        self.api, self.api_logs = self._function(
            f"{name}-api", "api", API_HANDLER, args.api, policies.api_statements, args.api_grants
        )
        self.processor, self.processor_logs = self._function(
            f"{name}-processor", "processor", PROCESSOR_HANDLER, args.processor, policies.processor_statements
        )
        self.jobs_mapping = aws.lambda_.EventSourceMapping(
            f"{name}-jobs",
            event_source_arn=args.data.jobs_queue_arn,
            function_name=self.processor.arn,
            batch_size=args.batch_size,
            maximum_batching_window_in_seconds=args.batching_window_s,
            function_response_types=["ReportBatchItemFailures"],
            scaling_config={"maximum_concurrency": args.max_concurrency},
            opts=pulumi.ResourceOptions(parent=self, depends_on=[self._policies["processor"]]),
        )
        self.register_outputs(
            {
                "api_function": self.api.name,
                "processor_function": self.processor.name,
                "api_log_group": self.api_logs.name,
                "processor_log_group": self.processor_logs.name,
            }
        )

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
        code = aws.s3.BucketObjectv2(
            name,
            bucket=args.code_bucket,
            key=spec.artifact.key,
            source=pulumi.FileAsset(str(spec.artifact.path)),
            content_type="application/zip",
            opts=child,
        )
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
            s3_bucket=code.bucket,
            s3_key=code.key,
            source_code_hash=spec.artifact.sha256_base64,
            environment={"variables": dict(args.environment)},
            logging_config={
                "log_format": "JSON",
                "log_group": logs.name,
                "application_log_level": "INFO",
                "system_log_level": "WARN",
            },
            vpc_config=vpc,
            opts=pulumi.ResourceOptions(parent=self, depends_on=policies_first),
        )
        return function, logs
