"""What every Lambda of the stack is made of, for the components that hold them (functions.py,
event_functions.py).

Each function has its own role with an inline least-privilege policy (infra/policies.py), its own
log group with retention (the function logs JSON into it, so Lambda never creates a never-expiring
default group), its code from a content-addressed object in the code bucket (S3-deployed code may
be up to 250 MB unzipped, where a direct upload stops at 50 MB zipped), the stack's settings as its
environment, Powertools' service name, and active X-Ray tracing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import pipeline_metrics, policies
from infra.naming import Naming
from infra.packaging import Artifact

RUNTIME = "python3.12"

# A function's policy, given the ARN of its log group.
PolicyFor = Callable[[pulumi.Output[str]], pulumi.Input[Sequence[policies.Statement]]]


@dataclass(frozen=True)
class FunctionSpec:
    artifact: Artifact
    memory_mb: int
    timeout_s: int
    ephemeral_mb: int = 512  # /tmp, Lambda's default; the processor's holds each original


@dataclass(frozen=True)
class VpcPlacement:
    subnet_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]]


@dataclass(frozen=True)
class Placement:
    """Where and how a group's functions run: the same for every function of the stack."""

    naming: Naming
    architecture: str
    code_bucket: pulumi.Input[str]
    environment: Mapping[str, pulumi.Input[str]]
    log_retention_days: int


class FunctionGroup(pulumi.ComponentResource):
    """A component of Lambdas; its functions are its children, their code objects shared by key."""

    def __init__(
        self,
        type_: str,
        name: str,
        placement: Placement,
        opts: pulumi.ResourceOptions | None = None,
        code: Mapping[str, aws.s3.BucketObjectv2] | None = None,
    ) -> None:
        super().__init__(type_, name, None, opts)
        self._placement = placement
        self._policies: dict[str, aws.iam.RolePolicy] = {}
        # One object per zip, whichever functions (of whichever group) run it: two resources for
        # one key would fight.
        self.code_objects: dict[str, aws.s3.BucketObjectv2] = dict(code or {})

    def _function(
        self,
        name: str,
        role_name: str,
        handler: str,
        spec: FunctionSpec,
        policy: PolicyFor,
        grants: pulumi.Input[Sequence[policies.Statement]] | None = None,
        vpc: VpcPlacement | None = None,
    ) -> tuple[aws.lambda_.Function, aws.cloudwatch.LogGroup]:
        placement = self._placement
        child = pulumi.ResourceOptions(parent=self)
        logs = aws.cloudwatch.LogGroup(
            name,
            name=placement.naming.log_group(role_name),
            retention_in_days=placement.log_retention_days,
            opts=child,
        )
        role = aws.iam.Role(
            name,
            assume_role_policy=policies.document(policies.lambda_assume_role()),
            description=f"The {role_name} Lambda of {placement.naming.prefix}",
            opts=child,
        )
        # A function in a VPC creates its network interfaces with its own role.
        in_vpc = vpc is not None
        statements = pulumi.Output.from_input(policy(logs.arn)).apply(
            lambda found: policies.with_network(list(found), in_vpc)
        )
        role_policy = aws.iam.RolePolicy(name, role=role.id, policy=policies.document(statements), opts=child)
        self._policies[role_name] = role_policy
        policies_first: list[pulumi.Resource] = [role_policy]
        if grants is not None:
            grant = aws.iam.RolePolicy(
                f"{name}-grants", role=role.id, policy=policies.document(grants), opts=child
            )
            policies_first.append(grant)
        code = self._code_object(name, spec.artifact)
        vpc_config: aws.lambda_.FunctionVpcConfigArgsDict | None = None
        if vpc is not None:
            vpc_config = {"subnet_ids": vpc.subnet_ids, "security_group_ids": vpc.security_group_ids}
        function = aws.lambda_.Function(
            name,
            role=role.arn,
            runtime=RUNTIME,
            handler=handler,
            architectures=[placement.architecture],
            memory_size=spec.memory_mb,
            timeout=spec.timeout_s,
            ephemeral_storage={"size": spec.ephemeral_mb},
            s3_bucket=code.bucket,
            s3_key=code.key,
            source_code_hash=spec.artifact.sha256_base64,
            # Powertools' service name: the logs' `service` and the metrics' `service` dimension.
            environment={
                "variables": {
                    **placement.environment,
                    "POWERTOOLS_SERVICE_NAME": pipeline_metrics.SERVICES[role_name],
                }
            },
            logging_config={
                "log_format": "JSON",
                "log_group": logs.name,
                "application_log_level": "INFO",
                "system_log_level": "WARN",
            },
            vpc_config=vpc_config,
            # X-Ray: every function's invocations traced (its role may send them: infra/policies.py).
            tracing_config={"mode": "Active"},
            opts=pulumi.ResourceOptions(parent=self, depends_on=policies_first),
        )
        return function, logs

    def _code_object(self, name: str, artifact: Artifact) -> aws.s3.BucketObjectv2:
        if artifact.key not in self.code_objects:
            self.code_objects[artifact.key] = aws.s3.BucketObjectv2(
                name,
                bucket=self._placement.code_bucket,
                key=artifact.key,
                source=pulumi.FileAsset(str(artifact.path)),
                content_type="application/zip",
                opts=pulumi.ResourceOptions(parent=self),
            )
        return self.code_objects[artifact.key]
