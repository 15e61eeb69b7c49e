"""boto3 clients, created on first use and shared per process.

boto3 honours `AWS_ENDPOINT_URL` (and the per-service variants) on its own, so the same code
talks to AWS in Lambda and to the emulator locally without a branch. One setting differs: S3's
addressing (see `s3_addressing`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_apigatewaymanagementapi import ApiGatewayManagementApiClient
    from mypy_boto3_cloudfront import CloudFrontClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_sqs import SQSClient

# The variables boto3 reads an S3 endpoint override from (the local stack sets the first).
S3_ENDPOINT_OVERRIDES = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")


def s3_addressing(environ: Mapping[str, str]) -> dict[str, str]:
    """Virtual-hosted requests on the region's own endpoint (`{bucket}.s3.{region}.amazonaws.com`).

    Presigned POSTs go straight from browsers to S3. Through the global `s3.amazonaws.com`, a bucket
    outside us-east-1 answers with a 307 redirect until its DNS name has propagated, which browsers
    refuse on a CORS preflight, and regions launched since 2019 do not answer there at all. Against
    an endpoint override (the emulator on 127.0.0.1, which has no per-bucket host names) requests
    stay path-style.
    """
    if any(environ.get(name) for name in S3_ENDPOINT_OVERRIDES):
        return {"addressing_style": "path"}
    return {"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"}


@cache
def _config() -> Any:
    from botocore.config import Config

    # "standard" retries back off on throttling and transient 5xx; timeouts stay well inside a Lambda's.
    return Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=5, read_timeout=30)


def _client(service: str, endpoint_url: str | None = None, **config: Any) -> Any:
    import boto3
    from botocore.config import Config

    merged = _config().merge(Config(**config)) if config else _config()
    return boto3.session.Session().client(service, config=merged, endpoint_url=endpoint_url)  # type: ignore[call-overload]


@cache
def s3_client() -> S3Client:
    # SigV4 for presigned POSTs too: left to itself botocore presigns with SigV2 in us-east-1 (and
    # SigV4 elsewhere); SigV2 is deprecated, and the embedded stack's emulator checks SigV4 only.
    client: S3Client = _client("s3", s3=s3_addressing(os.environ), signature_version="s3v4")
    return client


@cache
def s3_joining_client() -> S3Client:
    """S3 for CompleteMultipartUpload alone. Joining gigabytes takes S3 a while (the emulator, which
    copies every byte, minutes): the read waits as long as the calling function may live, and the
    call is not retried here, since a retry racing the first join can fail an upload that is
    completing (the emulator breaks outright). The service answers a repeated completion instead."""
    client: S3Client = _client(
        "s3",
        s3=s3_addressing(os.environ),
        signature_version="s3v4",
        read_timeout=900,
        retries={"mode": "standard", "max_attempts": 1},
    )
    return client


@cache
def sqs_client() -> SQSClient:
    client: SQSClient = _client("sqs")
    return client


@cache
def dynamodb_client() -> DynamoDBClient:
    client: DynamoDBClient = _client("dynamodb")
    return client


@cache
def secretsmanager_client() -> SecretsManagerClient:
    client: SecretsManagerClient = _client("secretsmanager")
    return client


@cache
def cloudfront_client() -> CloudFrontClient:
    client: CloudFrontClient = _client("cloudfront")
    return client


def management_client(endpoint_url: str) -> ApiGatewayManagementApiClient:
    """A WebSocket API's @connections management API: it lives at the API's stage URL, never at a
    regional endpoint, so the URL is always given."""
    client: ApiGatewayManagementApiClient = _client("apigatewaymanagementapi", endpoint_url)
    return client
