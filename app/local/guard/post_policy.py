"""S3's rules for a browser's POST upload (SigV4): the policy must be the stack's, signed with its
secret, unexpired, and the form must satisfy every condition the policy names.

The rules are S3's (docs: "POST Policy" and "Browser-based uploads using POST"): exact and
`starts-with` matches on fields (names without case), `content-length-range` on the file's size, the
bucket taken from the URL, `${filename}` expanded in the key before matching, and every field but
`policy`, `x-amz-signature`, `file` and `x-ignore-*` named by some condition. The policy's signature
is botocore's own (the SigV4 key derived from the secret, HMAC over the base64 policy), recomputed.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from botocore.auth import S3SigV4PostAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from app.local.credentials import Credentials
from app.local.guard.form import FILE_FIELD, PostForm
from app.local.guard.refusals import Reason, Refused
from app.local.guard.sigv4 import ALGORITHM

SIGNING_FIELDS = ("policy", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature")
UNCONDITIONED = {"policy", "x-amz-signature", FILE_FIELD}
IGNORED_PREFIX = "x-ignore-"


def verify_post(form: PostForm, bucket: str, credentials: Credentials, now: datetime) -> None:
    """Refused unless S3 would store this upload in `bucket`."""
    fields = form.fields
    if not any(name in fields for name in SIGNING_FIELDS):
        raise Refused(Reason.UNSIGNED)  # an anonymous write: the bucket is private
    for name in (*SIGNING_FIELDS, "key"):
        if not fields.get(name):
            raise Refused(Reason.BAD_FORM, f"Bucket POST must contain a field named '{name}'.")
    _verify_signature(fields, credentials)
    policy = _decode(fields["policy"])
    if now >= _expiration(policy):
        raise Refused(Reason.POLICY, "Policy expired.")
    values = {
        **fields,
        "bucket": bucket,
        # What S3 and the emulator do to the key before matching it and storing under it
        # (os.path's basename, as moto's: Path.name differs for a name that ends in "/").
        "key": fields["key"].replace("${filename}", os.path.basename(form.filename)),  # noqa: PTH119
    }
    named = {name for condition in _conditions(policy) for name in _check(condition, values, form.file_size)}
    extra = [
        name for name in fields if name not in named | UNCONDITIONED and not name.startswith(IGNORED_PREFIX)
    ]
    if extra:
        raise Refused(Reason.POLICY, f"Extra input fields: {', '.join(extra)}")


def _verify_signature(fields: Mapping[str, str], credentials: Credentials) -> None:
    if fields["x-amz-algorithm"] != ALGORITHM:
        raise Refused(Reason.BAD_FORM, f"x-amz-algorithm must be {ALGORITHM}")
    scope = fields["x-amz-credential"].split("/")
    timestamp = fields["x-amz-date"]
    if len(scope) != 5 or scope[3] != "s3" or scope[4] != "aws4_request" or scope[1] != timestamp[:8]:
        raise Refused(
            Reason.BAD_FORM, "x-amz-credential is not KEY/yyyymmdd/region/s3/aws4_request of x-amz-date"
        )
    if scope[0] != credentials.access_key_id:
        raise Refused(Reason.UNKNOWN_KEY)
    signer = S3SigV4PostAuth(
        BotocoreCredentials(credentials.access_key_id, credentials.secret_access_key), "s3", scope[2]
    )
    request = AWSRequest()
    request.context["timestamp"] = timestamp  # the date the key is derived for
    expected = signer.signature(fields["policy"], request)
    if not hmac.compare_digest(expected, fields["x-amz-signature"]):
        raise Refused(Reason.BAD_SIGNATURE)


def _decode(policy: str) -> dict[str, Any]:
    try:
        decoded = json.loads(base64.b64decode(policy, validate=True))
    except (binascii.Error, ValueError):
        raise Refused(Reason.BAD_POLICY, "Invalid Policy: Invalid JSON.") from None
    if not isinstance(decoded, dict):
        raise Refused(Reason.BAD_POLICY, "Invalid Policy: Invalid JSON.")
    return decoded


def _expiration(policy: Mapping[str, Any]) -> datetime:
    try:
        expiration = datetime.fromisoformat(str(policy["expiration"]))
    except (KeyError, ValueError):
        raise Refused(Reason.BAD_POLICY, "Invalid Policy: Policy missing expiration.") from None
    if expiration.tzinfo is None:
        raise Refused(Reason.BAD_POLICY, "Invalid Policy: Invalid 'expiration' value: not in GMT.")
    return expiration


def _conditions(policy: Mapping[str, Any]) -> list[Any]:
    conditions = policy.get("conditions")
    if not isinstance(conditions, list):
        raise Refused(Reason.BAD_POLICY, "Invalid Policy: Policy missing conditions.")
    return conditions


def _check(condition: Any, values: Mapping[str, str], file_size: int) -> list[str]:
    """Refused unless the condition holds; returns the fields it names."""
    if isinstance(condition, dict) and condition:  # {"field": "value"}: an exact match
        return [
            name
            for field, value in condition.items()
            for name in _check(["eq", f"${field}", value], values, file_size)
        ]
    if not isinstance(condition, list) or len(condition) != 3:
        raise Refused(Reason.BAD_POLICY, f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")
    operator, subject, expected = condition
    operator = str(operator).lower()
    if operator == "content-length-range":
        low, high = subject, expected
        if not (isinstance(low, int) and isinstance(high, int)):
            raise Refused(Reason.BAD_POLICY, "Invalid Policy: content-length-range takes two integers.")
        if file_size < low:
            raise Refused(Reason.TOO_SMALL)
        if file_size > high:
            raise Refused(Reason.TOO_LARGE)
        return []
    if (
        operator not in {"eq", "starts-with"}
        or not str(subject).startswith("$")
        or not isinstance(expected, str)
    ):
        raise Refused(Reason.BAD_POLICY, f"Invalid Policy: Invalid Condition: {json.dumps(condition)}")
    name = str(subject)[1:].lower()
    value = values.get(name)
    if value is None or not _matches(operator, name, value, expected):
        raise Refused(Reason.POLICY, f"Policy Condition failed: {json.dumps(condition)}")
    return [name]


def _matches(operator: str, name: str, value: str, expected: str) -> bool:
    if operator == "eq":
        return value == expected
    if name == "content-type":  # S3: each of several comma-separated types must match
        return all(part.strip().startswith(expected) for part in value.split(","))
    return value.startswith(expected)
