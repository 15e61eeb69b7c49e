"""Policy documents as small pure functions: ARNs in, IAM statements out.

Every statement names exact actions (no wildcards in an Allow) on exact ARNs or key prefixes.
Components turn these into JSON with `document()`, which is `aws.iam.get_policy_document`, so the
provider renders and validates them; the functions themselves are unit-tested with plain strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

# The shape of aws.iam.GetPolicyDocumentStatementArgsDict (snake_case keys), kept loose so these
# functions stay plain data: mypy does not analyse the generated pulumi_aws package (see pyproject).
Statement = dict[str, Any]

# The key prefixes of the contract (app/domain/keys.py): originals in, outputs out.
ORIGINALS_PREFIX = "originals/"
MEDIA_PREFIX = "media/"
# The media table's indexes the API lists through (components/table.py: INDEXES).
LISTING_INDEXES = ("by-status", "by-kind", "by-name", "by-size")


def document(statements: pulumi.Input[Sequence[Statement]]) -> pulumi.Output[str]:
    """The JSON of a policy document, rendered by the AWS provider."""
    rendered: pulumi.Output[str] = aws.iam.get_policy_document_output(statements=statements).json
    return rendered


def allow(sid: str, actions: list[str], resources: list[str], **extra: object) -> Statement:
    statement: Statement = {"sid": sid, "effect": "Allow", "actions": sorted(actions), "resources": resources}
    statement.update(extra)
    return statement


def _prefix_condition(prefix: str) -> list[dict[str, Any]]:
    return [{"test": "StringLike", "variable": "s3:prefix", "values": [f"{prefix}*"]}]


def lambda_assume_role() -> list[Statement]:
    return [
        {
            "sid": "LambdaAssumes",
            "effect": "Allow",
            "actions": ["sts:AssumeRole"],
            "principals": [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}],
        }
    ]


def service_assume_role(service: str) -> list[Statement]:
    return [
        {
            "sid": "ServiceAssumes",
            "effect": "Allow",
            "actions": ["sts:AssumeRole"],
            "principals": [{"type": "Service", "identifiers": [service]}],
        }
    ]


@dataclass(frozen=True)
class DataArns:
    """What a function may touch, as plain strings (resolved from Outputs by the caller)."""

    table: str
    uploads_bucket: str
    processed_bucket: str
    jobs_queue: str
    isolation_queue: str
    dead_letter_queue: str
    log_group: str


StatementsFor = Callable[[DataArns], list[Statement]]


def own_logs(log_group_arn: str) -> Statement:
    return allow("WriteOwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], [f"{log_group_arn}:*"])


def xray_tracing() -> Statement:
    """Active tracing: the Lambda runtime sends segments as the function's role. X-Ray's write
    actions take no resource but "*". The metrics need nothing: embedded metric format is logs."""
    return allow("SendTraces", ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"])


def api_statements(arns: DataArns) -> list[Statement]:
    """The API: media items in the table, presigned uploads of originals, deletes, retry messages."""
    return [
        allow(
            "MediaItems",
            [
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query",
            ],
            [arns.table],
        ),
        allow(
            "ListByStatusKindNameSize",
            ["dynamodb:Query"],
            [f"{arns.table}/index/{index}" for index in LISTING_INDEXES],
        ),
        # A presigned POST carries the signer's authority: PutObject on originals only, with the tag
        # that marks an upload unclaimed (S3 wants PutObjectTagging for a POST's `tagging` field).
        # PutObject also covers a multipart upload's create, part URLs and completion; listing its
        # parts (a resume) and aborting it are actions of their own.
        allow(
            "UploadAndDeleteOriginals",
            [
                "s3:PutObject",
                "s3:PutObjectTagging",
                "s3:DeleteObject",
                "s3:ListMultipartUploadParts",
                "s3:AbortMultipartUpload",
            ],
            [f"{arns.uploads_bucket}/{ORIGINALS_PREFIX}*"],
        ),
        allow(
            "ListOutputs",
            ["s3:ListBucket"],
            [arns.processed_bucket],
            conditions=_prefix_condition(MEDIA_PREFIX),
        ),
        allow("DeleteOutputs", ["s3:DeleteObject"], [f"{arns.processed_bucket}/{MEDIA_PREFIX}*"]),
        allow("EnqueueRetries", ["sqs:SendMessage"], [arns.jobs_queue]),
        own_logs(arns.log_group),
        xray_tracing(),
    ]


def processor_statements(arns: DataArns) -> list[Statement]:
    """The processor: claim and finish items, read originals (and take the unclaimed tag off them, or
    remove those whose item is gone), write outputs, consume both work queues and send re-received
    records on to the isolation queue."""
    return [
        allow("ClaimAndFinishItems", ["dynamodb:GetItem", "dynamodb:UpdateItem"], [arns.table]),
        allow("ReadOriginals", ["s3:GetObject"], [f"{arns.uploads_bucket}/{ORIGINALS_PREFIX}*"]),
        allow(
            "ClaimOrRemoveOriginals",
            ["s3:DeleteObjectTagging", "s3:DeleteObject"],
            [f"{arns.uploads_bucket}/{ORIGINALS_PREFIX}*"],
        ),
        # Without ListBucket a HEAD of a deleted original answers 403, not 404.
        allow(
            "SeeMissingOriginals",
            ["s3:ListBucket"],
            [arns.uploads_bucket],
            conditions=_prefix_condition(ORIGINALS_PREFIX),
        ),
        allow(
            "WriteOutputs", ["s3:PutObject", "s3:DeleteObject"], [f"{arns.processed_bucket}/{MEDIA_PREFIX}*"]
        ),
        allow(
            "ListOutputs",
            ["s3:ListBucket"],
            [arns.processed_bucket],
            conditions=_prefix_condition(MEDIA_PREFIX),
        ),
        allow(
            "ConsumeJobs",
            [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
            ],
            [arns.jobs_queue, arns.isolation_queue],
        ),
        allow("IsolateReReceivedJobs", ["sqs:SendMessage"], [arns.isolation_queue]),
        own_logs(arns.log_group),
        xray_tracing(),
    ]


def sweeper_statements(arns: DataArns) -> list[Statement]:
    """The dead-letter sweep: read the DLQ without deleting (receive, then show again) and mark
    stranded items FAILED (one conditional UpdateItem each). Nothing else: no S3, no other queue."""
    return [
        allow(
            "ReadDeadLettersInPlace",
            ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility"],
            [arns.dead_letter_queue],
        ),
        allow("FailStrandedItems", ["dynamodb:UpdateItem"], [arns.table]),
        own_logs(arns.log_group),
        xray_tracing(),
    ]


def with_network(statements: list[Statement], in_vpc: bool) -> list[Statement]:
    """A function's statements, plus the network interfaces it needs when it runs in a VPC."""
    return [*statements, vpc_network_interfaces()] if in_vpc else statements


def vpc_network_interfaces() -> Statement:
    """What Lambda needs to attach a function to a VPC (the EC2 actions of AWSLambdaVPCAccessExecutionRole).
    Lambda creates and deletes the interfaces with the function's role, at create, update and delete;
    EC2 does not scope these actions to resources, hence `*`."""
    return allow(
        "VpcNetworkInterfaces",
        [
            "ec2:CreateNetworkInterface",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface",
            "ec2:AssignPrivateIpAddresses",
            "ec2:UnassignPrivateIpAddresses",
        ],
        ["*"],
    )


def deny_insecure_transport(bucket_arn: str) -> Statement:
    """Refuse every request to the bucket that does not arrive over TLS."""
    return {
        "sid": "DenyInsecureTransport",
        "effect": "Deny",
        "actions": ["s3:*"],
        "resources": [bucket_arn, f"{bucket_arn}/*"],
        "principals": [{"type": "*", "identifiers": ["*"]}],
        "conditions": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}],
    }


def cloudfront_reads(bucket_arn: str, distribution_arn: str, prefix: str = "") -> Statement:
    """Origin Access Control: only this distribution may read, and only under `prefix`."""
    return {
        "sid": "CloudFrontReads",
        "effect": "Allow",
        "actions": ["s3:GetObject"],
        "resources": [f"{bucket_arn}/{prefix}*"],
        "principals": [{"type": "Service", "identifiers": ["cloudfront.amazonaws.com"]}],
        "conditions": [{"test": "StringEquals", "variable": "AWS:SourceArn", "values": [distribution_arn]}],
    }


def bucket_policy(bucket_arn: str) -> list[Statement]:
    return [deny_insecure_transport(bucket_arn)]


def cloudtrail_bucket_policy(bucket_arn: str, account_id: str) -> list[Statement]:
    """CloudTrail (of this account only) may check the bucket and write its log files; nothing over
    plain HTTP."""
    service = [{"type": "Service", "identifiers": ["cloudtrail.amazonaws.com"]}]
    this_account = {"test": "StringEquals", "variable": "aws:SourceAccount", "values": [account_id]}
    return [
        deny_insecure_transport(bucket_arn),
        {
            "sid": "CloudTrailChecksTheBucket",
            "effect": "Allow",
            "actions": ["s3:GetBucketAcl"],
            "resources": [bucket_arn],
            "principals": service,
            "conditions": [this_account],
        },
        {
            "sid": "CloudTrailWritesLogs",
            "effect": "Allow",
            "actions": ["s3:PutObject"],
            "resources": [f"{bucket_arn}/AWSLogs/{account_id}/*"],
            "principals": service,
            "conditions": [
                this_account,
                {"test": "StringEquals", "variable": "s3:x-amz-acl", "values": ["bucket-owner-full-control"]},
            ],
        },
    ]


def cdn_bucket_policy(bucket_arn: str, distribution_arn: str, prefix: str = "") -> list[Statement]:
    return [deny_insecure_transport(bucket_arn), cloudfront_reads(bucket_arn, distribution_arn, prefix)]


def queue_policy(queue_arn: str, bucket_arn: str, account_id: str) -> list[Statement]:
    """Only the uploads bucket (of this account) may send; nothing over plain HTTP."""
    return [
        {
            "sid": "UploadsBucketSends",
            "effect": "Allow",
            "actions": ["sqs:SendMessage"],
            "resources": [queue_arn],
            "principals": [{"type": "Service", "identifiers": ["s3.amazonaws.com"]}],
            "conditions": [
                {"test": "ArnEquals", "variable": "aws:SourceArn", "values": [bucket_arn]},
                {"test": "StringEquals", "variable": "aws:SourceAccount", "values": [account_id]},
            ],
        },
        {
            "sid": "DenyInsecureTransport",
            "effect": "Deny",
            "actions": ["sqs:*"],
            "resources": [queue_arn],
            "principals": [{"type": "*", "identifiers": ["*"]}],
            "conditions": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}],
        },
    ]


def delivery_statements(signing_secret_arn: str, distribution_arn: str) -> list[Statement]:
    """The API's part in private delivery: read the URL-signing key, and make the CDN forget a
    deleted item's paths."""
    return [
        allow("ReadUrlSigningKey", ["secretsmanager:GetSecretValue"], [signing_secret_arn]),
        allow("InvalidateDeletedMedia", ["cloudfront:CreateInvalidation"], [distribution_arn]),
    ]
