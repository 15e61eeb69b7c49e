"""S3's POST policy rules: a policy boto3 signed with the stack's secret admits exactly the uploads
it describes, until it expires; every other form is refused with S3's error."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.auth import S3SigV4PostAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from app.local.credentials import Credentials
from app.local.guard.form import PostForm
from app.local.guard.post_policy import verify_post
from app.local.guard.refusals import Reason, Refused
from tests.unit.app.local.guard.conftest import aws_client

BUCKET = "mediapipe-uploads"
KEY = "originals/owner-a/01JF0000000000000000000001"
OTHER_KEY = "originals/owner-b/01JF0000000000000000000002"


def presigned(credentials: Credentials, **overrides: Any) -> dict[str, str]:
    """What createUpload hands out (app/adapters/s3_storage.py): key, type and size pinned."""
    arguments: dict[str, Any] = {
        "Bucket": BUCKET,
        "Key": KEY,
        "Fields": {"Content-Type": "image/jpeg"},
        "Conditions": [{"Content-Type": "image/jpeg"}, ["content-length-range", 1, 1000]],
        "ExpiresIn": 300,
    } | overrides
    post = aws_client("s3", credentials, signature_version="s3v4").generate_presigned_post(**arguments)
    return dict(post["fields"])


def form(fields: dict[str, str], size: int = 500, filename: str = "photo.jpg") -> PostForm:
    return PostForm({name.lower(): value for name, value in fields.items()}, size, filename)


def refusal(
    post: PostForm, credentials: Credentials, *, at: datetime | None = None, bucket: str = BUCKET
) -> Refused:
    with pytest.raises(Refused) as refused:
        verify_post(post, bucket, credentials, at or datetime.now(UTC))
    return refused.value


def test_the_upload_the_policy_describes_passes(credentials: Credentials) -> None:
    verify_post(form(presigned(credentials)), BUCKET, credentials, datetime.now(UTC))
    # fields S3 leaves out of the policy's reach
    verify_post(
        form({**presigned(credentials), "x-ignore-note": "hi"}), BUCKET, credentials, datetime.now(UTC)
    )


@pytest.mark.parametrize(
    ("change", "reason", "words"),
    [
        ({"key": OTHER_KEY}, Reason.POLICY, '["eq", "$key", "originals/owner-a/'),
        ({"Content-Type": "text/html"}, Reason.POLICY, '["eq", "$Content-Type", "image/jpeg"]'),
        (
            {"success_action_redirect": "http://evil.test/"},
            Reason.POLICY,
            "Extra input fields: success_action_redirect",
        ),
        ({"x-amz-meta-owner": "owner-b"}, Reason.POLICY, "Extra input fields: x-amz-meta-owner"),
        ({"x-amz-signature": "0" * 64}, Reason.BAD_SIGNATURE, ""),
        ({"x-amz-algorithm": "AWS4-HMAC-SHA1"}, Reason.BAD_FORM, "x-amz-algorithm"),
    ],
    ids=["re-keyed", "content-type", "redirect", "metadata", "signature", "algorithm"],
)
def test_a_changed_form_is_refused(
    credentials: Credentials, change: dict[str, str], reason: Reason, words: str
) -> None:
    refused = refusal(form({**presigned(credentials), **change}), credentials)
    assert refused.reason is reason
    assert words in refused.message


def test_a_policy_rewritten_for_another_key_no_longer_matches_its_signature(credentials: Credentials) -> None:
    fields = presigned(credentials)
    policy = json.loads(base64.b64decode(fields["policy"]))
    policy["conditions"] = [c for c in policy["conditions"] if "key" not in c] + [{"key": OTHER_KEY}]
    forged = {**fields, "key": OTHER_KEY, "policy": base64.b64encode(json.dumps(policy).encode()).decode()}
    assert refusal(form(forged), credentials).reason is Reason.BAD_SIGNATURE


def test_another_stacks_or_no_signature_is_refused(credentials: Credentials) -> None:
    assert refusal(form(presigned(Credentials.generate())), credentials).reason is Reason.UNKNOWN_KEY
    secret_guessed = presigned(Credentials(credentials.access_key_id, "guessed"))
    assert refusal(form(secret_guessed), credentials).reason is Reason.BAD_SIGNATURE
    unsigned = {"key": KEY, "Content-Type": "image/jpeg"}
    assert refusal(form(unsigned), credentials).reason is Reason.UNSIGNED
    no_key = {name: value for name, value in presigned(credentials).items() if name != "key"}
    assert refusal(form(no_key), credentials).reason is Reason.BAD_FORM


def test_an_expired_policy_is_refused(credentials: Credentials) -> None:
    fields = presigned(credentials)
    refused = refusal(form(fields), credentials, at=datetime.now(UTC) + timedelta(seconds=301))
    assert (refused.reason, refused.message) == (
        Reason.POLICY,
        "Invalid according to Policy: Policy expired.",
    )


def test_the_size_must_be_in_the_policys_range(credentials: Credentials) -> None:
    assert refusal(form(presigned(credentials), size=1001), credentials).reason is Reason.TOO_LARGE
    assert refusal(form(presigned(credentials), size=0), credentials).reason is Reason.TOO_SMALL
    verify_post(form(presigned(credentials), size=1000), BUCKET, credentials, datetime.now(UTC))


def test_the_bucket_is_the_one_posted_to(credentials: Credentials) -> None:
    refused = refusal(form(presigned(credentials)), credentials, bucket="mediapipe-processed")
    assert refused.reason is Reason.POLICY
    assert '["eq", "$bucket", "mediapipe-uploads"]' in refused.message


def test_starts_with_and_the_filename_placeholder(credentials: Credentials) -> None:
    # boto3 turns a key ending in ${filename} into a starts-with condition on the prefix
    fields = presigned(credentials, Key="originals/owner-a/${filename}")
    verify_post(form(fields, filename="C:\\x/holiday.jpg"), BUCKET, credentials, datetime.now(UTC))
    escaped = {**fields, "key": "originals/owner-b/${filename}"}
    assert refusal(form(escaped), credentials).reason is Reason.POLICY


def test_a_signed_policy_that_is_not_a_policy_is_refused(credentials: Credentials) -> None:
    fields = presigned(credentials)
    garbage = base64.b64encode(b"[1, 2]").decode()
    signer = S3SigV4PostAuth(
        BotocoreCredentials(credentials.access_key_id, credentials.secret_access_key), "s3", "us-east-1"
    )
    request = AWSRequest()
    request.context["timestamp"] = fields["x-amz-date"]
    signed = {**fields, "policy": garbage, "x-amz-signature": signer.signature(garbage, request)}
    assert refusal(form(signed), credentials).reason is Reason.BAD_POLICY
