"""CloudFront signed URLs, canned or custom policy, and their verifier: one format, both directions.

A canned signed URL is the object's URL plus `Expires` (epoch seconds), `Signature` (RSA-SHA1 over
the canned policy JSON, in CloudFront's URL-safe base64: `+`->`-`, `=`->`_`, `/`->`~`) and
`Key-Pair-Id` (the CloudFront public key's id): it opens that URL alone. A custom one carries the
policy itself (`Policy`, the same base64) instead of `Expires`; its resource may end in `*`, so one
signature opens a whole folder: an HLS stream's playlists and segments, which carry it along through
the playlists' `EXT-X-DEFINE:QUERYPARAM` variables. Signing is botocore's `CloudFrontSigner`;
`verify_url` is its exact inverse, rebuilding or reading the policy as CloudFront does, so the local
`/media` route accepts exactly the URLs CloudFront accepts and refuses the rest with the reason
CloudFront would give.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

EXPIRES, POLICY, SIGNATURE, KEY_PAIR_ID = "Expires", "Policy", "Signature", "Key-Pair-Id"
SIGNING_PARAMETERS = (EXPIRES, SIGNATURE, KEY_PAIR_ID)
_ALL_SIGNING_PARAMETERS = (EXPIRES, POLICY, SIGNATURE, KEY_PAIR_ID)
# botocore's _url_b64encode, undone.
_FROM_URL_SAFE = bytes.maketrans(b"-_~", b"+=/")
_EPOCH_TIME = "AWS:EpochTime"
_EPOCH_SECONDS = re.compile(r"[0-9]{1,11}")  # ASCII digits only, and within datetime's range


class SignatureRejected(Exception):
    """The URL is not one we signed, or no longer valid. `reason` is short and safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Verified:
    resource: str  # the URL without its signing parameters
    key_id: str
    expires_at: datetime


def sign_url(
    url: str, expires_at: datetime, *, key_id: str, private_key: RSAPrivateKey, scope: str | None = None
) -> str:
    """`url` signed until `expires_at`: with a canned policy, for exactly this URL; with a custom
    policy when a `scope` is given (a URL that may end in `*`), for every URL it matches."""
    from botocore.signers import CloudFrontSigner
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def rsa_signer(message: bytes) -> bytes:
        return private_key.sign(message, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303  # CloudFront's format

    signer = CloudFrontSigner(key_id, rsa_signer)
    if scope is None:
        signed: str = signer.generate_presigned_url(url, date_less_than=expires_at)
        return signed
    policy = signer.build_policy(scope, expires_at)
    custom: str = signer.generate_presigned_url(url, policy=policy)
    return custom


def verify_url(url: str, *, trusted: Mapping[str, RSAPublicKey], now: datetime) -> Verified:
    """What CloudFront checks of a signed URL, in its order; raises SignatureRejected on the first
    failure. `trusted` maps each trusted key pair id (the key group) to its public key."""
    from botocore.signers import CloudFrontSigner
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    resource, params = _split(url)
    custom = POLICY in params
    required = (POLICY, SIGNATURE, KEY_PAIR_ID) if custom else SIGNING_PARAMETERS
    missing = [name for name in required if name not in params]
    if missing:
        raise SignatureRejected(f"Missing {', '.join(missing)} query parameter")
    key_id = params[KEY_PAIR_ID]
    public_key = trusted.get(key_id)
    if public_key is None:
        raise SignatureRejected("Unknown Key-Pair-Id")
    if custom:
        policy = _url_safe_b64decode(params[POLICY], "Policy")
        expires_at = _custom_policy_expiry(policy, resource)
    else:
        if not _EPOCH_SECONDS.fullmatch(params[EXPIRES]):
            raise SignatureRejected("Malformed Expires query parameter")
        expires_at = datetime.fromtimestamp(int(params[EXPIRES]), UTC)
        policy = CloudFrontSigner(key_id, _no_signer).build_policy(resource, expires_at).encode()
    signature = _url_safe_b64decode(params[SIGNATURE], "Signature")
    try:
        public_key.verify(signature, policy, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303
    except InvalidSignature:
        raise SignatureRejected("Signature does not match the URL") from None
    if now >= expires_at:
        raise SignatureRejected("Access denied: the URL has expired")
    return Verified(resource=resource, key_id=key_id, expires_at=expires_at)


def _url_safe_b64decode(value: str, name: str) -> bytes:
    try:
        return base64.b64decode(value.encode().translate(_FROM_URL_SAFE), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise SignatureRejected(f"Malformed {name} query parameter") from None


def _custom_policy_expiry(policy: bytes, resource: str) -> datetime:
    """When a custom policy (botocore's build_policy: one statement, a resource that may hold `*`
    and `?`, and DateLessThan) lapses, once its resource is found to cover the URL. A policy we
    never make (other conditions, several statements) is refused rather than half-understood."""
    try:
        document = json.loads(policy)
        (statement,) = document["Statement"]
        pattern, condition = statement["Resource"], statement["Condition"]
        epoch = condition["DateLessThan"][_EPOCH_TIME]
    except (ValueError, KeyError, TypeError):
        raise SignatureRejected("Malformed Policy query parameter") from None
    if set(condition) != {"DateLessThan"} or not isinstance(pattern, str) or type(epoch) is not int:
        raise SignatureRejected("Malformed Policy query parameter")
    if not _matches(pattern, resource):
        raise SignatureRejected("The policy does not cover the URL")
    try:
        return datetime.fromtimestamp(epoch, UTC)
    except (OverflowError, OSError, ValueError):
        raise SignatureRejected("Malformed Policy query parameter") from None


def _matches(pattern: str, url: str) -> bool:
    """CloudFront's wildcards: `*` for any run of characters, `?` for exactly one."""
    wildcard = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(wildcard, url, flags=re.DOTALL) is not None


def _split(url: str) -> tuple[str, dict[str, str]]:
    """The URL without its signing parameters (the other parameters kept as they were, in order),
    and the signing parameters. A repeated signing parameter makes the URL ambiguous: refused."""
    base, _, query = url.partition("?")
    kept: list[str] = []
    params: dict[str, str] = {}
    for pair in query.split("&") if query else []:
        name, _, value = pair.partition("=")
        if name in _ALL_SIGNING_PARAMETERS:
            if name in params:
                raise SignatureRejected(f"Repeated {name} query parameter")
            params[name] = value
        else:
            kept.append(pair)
    return (f"{base}?{'&'.join(kept)}" if kept else base), params


def _no_signer(message: bytes) -> bytes:  # build_policy never signs
    raise AssertionError("not used")


# --- keys -----------------------------------------------------------------------------------------


def load_private_key(pem: str | bytes) -> RSAPrivateKey:
    """An RSA private key from PEM (PKCS#1 or PKCS#8, unencrypted: it lives in Secrets Manager)."""
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("the URL-signing key must be an RSA key (CloudFront accepts RSA 2048)")
    return key


def generate_private_key() -> RSAPrivateKey:
    """A fresh key of the kind CloudFront accepts for signed URLs (RSA 2048)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def private_key_pem(key: RSAPrivateKey) -> str:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class CloudFrontUrlSigner:
    """The UrlSigner port: CloudFront's format, with a key fetched on first use (see signing_key.py)."""

    def __init__(self, key_id: str, private_key: Callable[[], RSAPrivateKey]) -> None:
        self._key_id = key_id
        self._private_key = private_key

    def sign(self, url: str, expires_at: datetime, scope: str | None = None) -> str:
        return sign_url(url, expires_at, key_id=self._key_id, private_key=self._private_key(), scope=scope)
