"""Signature Version 4, checked as AWS checks it: the request's signature is recomputed with the
stack's secret and must match.

botocore's own signer recomputes it (the canonical request, the string to sign, the derived key),
so a request is accepted exactly when boto3 would have produced the same signature; this module
only parses what the client declared (the credential scope, the signed headers, the date) and
compares. Both forms are covered: the `Authorization` header and presigned query strings.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials as BotocoreCredentials

from app.local.credentials import Credentials
from app.local.guard.refusals import Reason, Refused

ALGORITHM = "AWS4-HMAC-SHA256"
TIMESTAMP = "%Y%m%dT%H%M%SZ"
# How far a request's clock may be from ours, as AWS allows.
MAX_SKEW = timedelta(minutes=15)
# The longest a presigned URL may live (seven days), as AWS allows.
MAX_EXPIRES_S = 604_800
# Query parameters that claim a signature: SigV4's, and SigV2's (refused: SigV4 only, as S3 in
# every region opened since 2014).
SIGNATURE_PARAMETERS = ("X-Amz-Credential", "X-Amz-Signature", "AWSAccessKeyId", "Signature")
_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Request:
    """What the guard saw: `target` is the path and query exactly as sent (still percent-encoded),
    `headers` lower-cased names (repeated headers joined with ",", as SigV4 joins them)."""

    method: str
    target: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Declared:
    """The signature a request carries and what it says it covers."""

    access_key_id: str
    date: str  # the scope's yyyymmdd
    region: str
    service: str
    signed_headers: str  # "host;x-amz-date", as declared
    signature: str
    timestamp: str  # X-Amz-Date
    expires_s: int | None  # presigned URLs only


def is_signed(request: Request) -> bool:
    """Whether the request claims a signature at all (moto routes it by that claim, too)."""
    query = _query(request)
    return bool(request.headers.get("authorization")) or any(name in query for name in SIGNATURE_PARAMETERS)


def verify(request: Request, credentials: Credentials, now: datetime) -> Declared:
    """The declared signature, if it is the stack's and matches the request; else Refused."""
    declared = _from_header(request) if request.headers.get("authorization") else _from_query(request)
    if declared.access_key_id != credentials.access_key_id:
        raise Refused(Reason.UNKNOWN_KEY)
    _check_time(declared, now)
    presigned = declared.expires_s is not None
    signer = _signer(declared, credentials, presigned=presigned)
    signed = AWSRequest(
        method=request.method,
        url=f"http://{request.headers.get('host', '')}{_without_signature(request.target, presigned)}",
        headers={
            name: request.headers[name]
            for name in declared.signed_headers.split(";")
            if name in request.headers
        },
        data=request.body,
    )
    signed.context["timestamp"] = declared.timestamp
    if signer.signed_headers(signer.headers_to_sign(signed)) != declared.signed_headers:
        # A signed header the request lacks, host left unsigned, or a hop-by-hop header that
        # SigV4 never covers: the recomputed signature could not match, so say why instead.
        raise Refused(
            Reason.BAD_SIGNATURE, f"the signed headers {declared.signed_headers!r} are not all present"
        )
    expected = signer.signature(signer.string_to_sign(signed, signer.canonical_request(signed)), signed)
    if not hmac.compare_digest(expected, declared.signature):
        raise Refused(Reason.BAD_SIGNATURE)
    _check_body(request)
    return declared


def _signer(declared: Declared, credentials: Credentials, *, presigned: bool) -> SigV4Auth:
    """botocore's signer for this service: S3 signs its paths as they are and presigned requests
    carry no payload hash; the rest normalise the path and hash the body."""
    key = BotocoreCredentials(credentials.access_key_id, credentials.secret_access_key)
    s3 = declared.service == "s3"
    if presigned:
        query_class = S3SigV4QueryAuth if s3 else SigV4QueryAuth
        return query_class(key, declared.service, declared.region, expires=declared.expires_s or 0)
    header_class = S3SigV4Auth if s3 else SigV4Auth
    return header_class(key, declared.service, declared.region)


def _from_header(request: Request) -> Declared:
    """`AWS4-HMAC-SHA256 Credential=KEY/date/region/service/aws4_request, SignedHeaders=..., Signature=...`"""
    algorithm, _, rest = request.headers["authorization"].partition(" ")
    if algorithm != ALGORITHM:
        raise Refused(Reason.MALFORMED, f"only {ALGORITHM} is accepted")
    parts = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        parts[name] = value
    timestamp = request.headers.get("x-amz-date", "")
    return _declared(
        parts.get("Credential", ""), parts.get("SignedHeaders", ""), parts.get("Signature", ""), timestamp
    )


def _from_query(request: Request) -> Declared:
    query = _query(request)

    def one(name: str) -> str:
        values = query.get(name, [])
        if len(values) != 1:
            raise Refused(Reason.MALFORMED, f"the query needs exactly one {name}")
        return values[0]

    if query.get("X-Amz-Algorithm") != [ALGORITHM]:
        raise Refused(Reason.MALFORMED, f"only Signature Version 4 (X-Amz-Algorithm={ALGORITHM}) is accepted")
    expires = one("X-Amz-Expires")
    if not expires.isdigit() or not 1 <= int(expires) <= MAX_EXPIRES_S:
        raise Refused(Reason.MALFORMED, f"X-Amz-Expires must be 1 to {MAX_EXPIRES_S} seconds")
    declared = _declared(
        one("X-Amz-Credential"), one("X-Amz-SignedHeaders"), one("X-Amz-Signature"), one("X-Amz-Date")
    )
    return replace(declared, expires_s=int(expires))


def _declared(credential: str, signed_headers: str, signature: str, timestamp: str) -> Declared:
    scope = credential.split("/")
    if len(scope) != 5 or scope[4] != "aws4_request" or not signed_headers or not signature:
        raise Refused(Reason.MALFORMED, "Credential, SignedHeaders and Signature are required")
    if timestamp[:8] != scope[1]:
        raise Refused(Reason.MALFORMED, "the credential's date is not X-Amz-Date's")
    return Declared(scope[0], scope[1], scope[2], scope[3], signed_headers, signature, timestamp, None)


def _check_time(declared: Declared, now: datetime) -> None:
    try:
        signed_at = datetime.strptime(declared.timestamp, TIMESTAMP).replace(tzinfo=UTC)
    except ValueError:
        raise Refused(Reason.MALFORMED, "X-Amz-Date is not yyyymmddThhmmssZ") from None
    if declared.expires_s is not None and now > signed_at + timedelta(seconds=declared.expires_s):
        raise Refused(Reason.EXPIRED)
    if signed_at - now > MAX_SKEW or (declared.expires_s is None and now - signed_at > MAX_SKEW):
        raise Refused(Reason.SKEWED)


def _check_body(request: Request) -> None:
    """S3 signs the body's hash as a header; a body that does not hash to it was changed."""
    claimed = request.headers.get("x-amz-content-sha256", "")
    if _HEX_SHA256.fullmatch(claimed) and hashlib.sha256(request.body).hexdigest() != claimed:
        raise Refused(Reason.BODY_MISMATCH)


def _query(request: Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.target).query, keep_blank_values=True)


def _without_signature(target: str, presigned: bool) -> str:
    """A presigned URL's canonical query is every parameter but the signature itself."""
    if not presigned:
        return target
    path, _, query = target.partition("?")
    kept = [pair for pair in query.split("&") if not pair.startswith("X-Amz-Signature=")]
    return f"{path}?{'&'.join(kept)}"
