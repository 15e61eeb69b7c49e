"""boto3 clients, created on first use and shared per process.

boto3 honours `AWS_ENDPOINT_URL` (and the per-service variants) on its own, so the same code
talks to AWS in Lambda and to the emulator locally without a branch.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_secretsmanager import SecretsManagerClient
    from mypy_boto3_sqs import SQSClient


@cache
def _config() -> Any:
    from botocore.config import Config

    # "standard" retries back off on throttling and transient 5xx; timeouts stay well inside a Lambda's.
    return Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=5, read_timeout=30)


def _client(service: str) -> Any:
    import boto3

    return boto3.session.Session().client(service, config=_config())  # type: ignore[call-overload]


@cache
def s3_client() -> S3Client:
    client: S3Client = _client("s3")
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
