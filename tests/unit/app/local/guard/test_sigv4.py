"""SigV4 as AWS checks it: what boto3 signs with the stack's secret passes; any change to what was
signed, another key, another secret, a stale clock or a lapsed presigned URL is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.local.credentials import Credentials
from app.local.guard import sigv4
from app.local.guard.refusals import Reason, Refused
from tests.unit.app.local.guard.conftest import aws_client, from_url, sent

SCAN = {"TableName": "media"}


def now() -> datetime:
    return datetime.now(UTC)


def refusal(request: sigv4.Request, credentials: Credentials, at: datetime | None = None) -> Reason:
    with pytest.raises(Refused) as refused:
        sigv4.verify(request, credentials, at or now())
    return refused.value.reason


@pytest.mark.parametrize(
    ("service", "operation", "params"),
    [
        ("s3", "list_objects_v2", {"Bucket": "uploads", "Prefix": "originals/a b+c/"}),
        ("s3", "put_object", {"Bucket": "uploads", "Key": "originals/o/ü ~+id", "Body": b"\xff\xd8 bytes"}),
        ("s3", "delete_objects", {"Bucket": "uploads", "Delete": {"Objects": [{"Key": "k"}]}}),
        ("dynamodb", "scan", SCAN),
        ("sqs", "send_message", {"QueueUrl": "http://127.0.0.1:4566/000000000000/jobs", "MessageBody": "{}"}),
        ("cognito-idp", "admin_get_user", {"UserPoolId": "us-east-1_abc", "Username": "a@example.com"}),
        (
            "cloudfront",
            "create_invalidation",
            {
                "DistributionId": "D",
                "InvalidationBatch": {"Paths": {"Quantity": 1, "Items": ["/a"]}, "CallerReference": "r"},
            },
        ),
    ],
)
def test_what_boto3_signs_with_the_stacks_secret_passes(
    credentials: Credentials, service: str, operation: str, params: dict[str, object]
) -> None:
    request = sent(service, credentials, operation, **params)
    assert sigv4.is_signed(request)
    assert sigv4.verify(request, credentials, now()).access_key_id == credentials.access_key_id


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: replace(r, method="DELETE"),
        lambda r: replace(r, target=r.target.replace("originals", "media")),
        lambda r: replace(r, target=r.target + "&max-keys=1000"),
        lambda r: replace(r, headers={**r.headers, "host": "127.0.0.1:4567"}),
        lambda r: replace(r, headers={**r.headers, "x-amz-date": "20200101T000000Z"}),
    ],
    ids=["method", "path", "query", "host", "date"],
)
def test_changing_anything_signed_breaks_the_signature(credentials: Credentials, tamper: object) -> None:
    request = sent("s3", credentials, "list_objects_v2", Bucket="uploads", Prefix="originals/")
    assert callable(tamper)
    assert refusal(tamper(request), credentials) in {Reason.BAD_SIGNATURE, Reason.MALFORMED}


def test_a_changed_body_is_refused(credentials: Credentials) -> None:
    scan = sent("dynamodb", credentials, "scan", **SCAN)
    assert refusal(replace(scan, body=b'{"TableName": "other"}'), credentials) is Reason.BAD_SIGNATURE
    put = sent("s3", credentials, "put_object", Bucket="uploads", Key="k", Body=b"mine")
    # S3 signs the body's hash as a header, so the signature holds and the hash does not.
    assert refusal(replace(put, body=b"someone else's"), credentials) is Reason.BODY_MISMATCH


def test_another_key_or_another_secret_is_refused(credentials: Credentials) -> None:
    scan = sent("dynamodb", credentials, "scan", **SCAN)
    assert refusal(scan, Credentials.generate()) is Reason.UNKNOWN_KEY
    assert refusal(scan, Credentials(credentials.access_key_id, "another secret")) is Reason.BAD_SIGNATURE
    well_known = sent("dynamodb", Credentials("testing", "testing"), "scan", **SCAN)
    assert refusal(well_known, credentials) is Reason.UNKNOWN_KEY


def test_a_request_signed_too_long_ago_or_ahead_is_refused(credentials: Credentials) -> None:
    scan = sent("dynamodb", credentials, "scan", **SCAN)
    assert refusal(scan, credentials, now() + timedelta(minutes=16)) is Reason.SKEWED
    assert refusal(scan, credentials, now() - timedelta(minutes=16)) is Reason.SKEWED


def test_presigned_urls_pass_until_they_expire(credentials: Credentials) -> None:
    s3 = aws_client("s3", credentials, signature_version="s3v4")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "a/ü c+d"}, ExpiresIn=60)
    request = from_url("GET", url)
    assert sigv4.is_signed(request)
    assert sigv4.verify(request, credentials, now()).expires_s == 60
    assert refusal(request, credentials, now() + timedelta(seconds=61)) is Reason.EXPIRED
    other_key = replace(request, target=request.target.replace("/a/", "/b/"))
    assert refusal(other_key, credentials) is Reason.BAD_SIGNATURE


def test_signature_version_2_is_refused_not_ignored(credentials: Credentials) -> None:
    legacy = aws_client("s3", credentials, signature_version="s3")
    request = from_url("GET", legacy.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "k"}))
    assert sigv4.is_signed(request)  # so it is not taken for an unsigned call
    assert refusal(request, credentials) is Reason.MALFORMED
    header = from_url("GET", "http://127.0.0.1:4566/b", {"Authorization": "AWS key:signature"})
    assert refusal(header, credentials) is Reason.MALFORMED


def test_an_unsigned_request_claims_nothing() -> None:
    assert not sigv4.is_signed(from_url("GET", "http://127.0.0.1:4566/b?list-type=2"))
