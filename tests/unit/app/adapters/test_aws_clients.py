"""Presigned POSTs send browsers to the bucket's regional, virtual-hosted endpoint in AWS, and to the
emulator path-style locally. Signing happens offline: a real boto3 client, no network."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.adapters import aws
from app.adapters.s3_storage import S3MediaStorage

BUCKET = "media-uploads-4f2a9c1"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A Lambda-like environment: credentials and a region, no endpoint override, no config files."""
    for name in (*aws.S3_ENDPOINT_OVERRIDES, "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    aws.s3_client.cache_clear()
    yield monkeypatch
    aws.s3_client.cache_clear()


def _presigned_url(env: pytest.MonkeyPatch, region: str) -> str:
    env.setenv("AWS_REGION", region)
    env.setenv("AWS_DEFAULT_REGION", region)
    storage = S3MediaStorage(BUCKET, "media-processed-0b1c2d3")  # the client comes from s3_client()
    upload = storage.presign_upload("originals/o/i", content_type="image/jpeg", max_bytes=10, expires_in=60)
    assert upload.fields["key"] == "originals/o/i"
    assert "policy" in upload.fields
    return upload.url


@pytest.mark.parametrize("region", ["eu-west-1", "us-east-1", "ap-southeast-5"])
def test_in_aws_uploads_go_to_the_buckets_regional_virtual_host(env: pytest.MonkeyPatch, region: str) -> None:
    # GIVEN a function in `region` (ap-southeast-5 opened long after the global endpoint stopped
    # serving new regions) WHEN it presigns an upload THEN the browser posts to the bucket's own host
    # in that region: no redirect from the global endpoint, no CORS preflight refused
    assert _presigned_url(env, region) == f"https://{BUCKET}.s3.{region}.amazonaws.com/"


@pytest.mark.parametrize(
    ("variable", "endpoint"),
    [("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_ENDPOINT_URL_S3", "http://localhost:8001")],
)
def test_an_endpoint_override_wins_and_stays_path_style(
    env: pytest.MonkeyPatch, variable: str, endpoint: str
) -> None:
    # GIVEN the local stack's emulator, which has no per-bucket host names
    env.setenv(variable, endpoint)
    assert _presigned_url(env, "eu-west-1") == f"{endpoint}/{BUCKET}"


def test_only_an_override_that_is_set_means_path_style() -> None:
    assert aws.s3_addressing({"AWS_ENDPOINT_URL": ""}) == aws.s3_addressing({})
    assert aws.s3_addressing({"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}) == {"addressing_style": "path"}


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_presigned_posts_are_signed_with_sigv4_in_every_region(env: pytest.MonkeyPatch, region: str) -> None:
    # GIVEN a function in `region` (botocore's own default in us-east-1 is the deprecated SigV2)
    env.setenv("AWS_REGION", region)
    env.setenv("AWS_DEFAULT_REGION", region)
    # WHEN it presigns an upload
    upload = S3MediaStorage(BUCKET, "media-processed-0b1c2d3").presign_upload(
        "originals/o/i", content_type="image/jpeg", max_bytes=10, expires_in=60
    )
    # THEN the form carries a SigV4 policy signature (what S3 and the embedded stack check)
    assert upload.fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256"
    assert upload.fields["x-amz-credential"].endswith(f"/{region}/s3/aws4_request")
    assert "AWSAccessKeyId" not in upload.fields
