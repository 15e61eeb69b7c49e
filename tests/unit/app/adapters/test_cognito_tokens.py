"""The token check: Cognito's rules, each broken once, each refused with its own clear reason."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from app.adapters.cognito_tokens import TokenRejected, UserPool
from tests.tokens import TestPool

POOL = TestPool()


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_good_id_token_gives_its_claims() -> None:
    claims = POOL.verifier().verify(POOL.token("alice"))
    assert claims["sub"] == "alice"
    assert claims["token_use"] == "id"


def test_an_access_token_is_accepted_only_when_asked_for() -> None:
    access = POOL.token("alice", token_use="access")
    with pytest.raises(TokenRejected, match="id token is required"):
        POOL.verifier().verify(access)
    verifier = POOL.verifier()
    verifier.token_uses = frozenset({"id", "access"})
    assert verifier.verify(access)["sub"] == "alice"


def _flip(text: str) -> str:
    middle = len(text) // 2
    return text[:middle] + ("A" if text[middle] != "A" else "B") + text[middle + 1 :]


def _forged() -> dict[str, str]:
    good = POOL.token("alice")
    header, payload, signature = good.split(".")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tampered_payload = _b64({**jwt.decode(good, options={"verify_signature": False}), "sub": "bob"})
    return {
        "expired": POOL.token("alice", exp=int(time.time()) - 5),
        "signed by another key": POOL.token("alice", key=other_key),
        "payload changed": f"{header}.{tampered_payload}.{signature}",
        "signature flipped": f"{header}.{payload}.{_flip(signature)}",
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': 'test-key-1'})}.{payload}.",
        "alg HS256": jwt.encode(
            POOL.claims("alice"),
            "shared-secret-long-enough-for-hmac-sha256",
            algorithm="HS256",
            headers={"kid": "test-key-1"},
        ),
        "another pool": POOL.token(
            "alice", iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"
        ),
        "another app client": POOL.token("alice", aud="someone-elses-client"),
        "unknown key id": POOL.token("alice", kid="rotated-away"),
        "no expiry": POOL.token("alice", exp=None),
        "not a jwt": "hello",
    }


REASONS = {
    "expired": "expired",
    "signed by another key": "signature is not valid",
    "payload changed": "signature is not valid",
    "signature flipped": "signature is not valid",
    "alg none": "must be signed with RS256",
    "alg HS256": "must be signed with RS256",
    "another pool": "another user pool",
    "another app client": "app client this API does not accept",
    "unknown key id": "key this user pool does not have",
    "no expiry": "lacks the 'exp' claim",
    "not a jwt": "not a well-formed JWT",
}


@pytest.mark.parametrize("case", list(REASONS))
def test_forged_and_broken_tokens_are_refused_with_a_reason(case: str) -> None:
    with pytest.raises(TokenRejected, match=REASONS[case]):
        POOL.verifier().verify(_forged()[case])


def test_the_issuer_and_jwks_follow_the_pool_id() -> None:
    pool = UserPool("eu-central-1_AbC", frozenset({"c"}))
    assert pool.issuer == "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbC"
    assert pool.jwks_url == pool.issuer + "/.well-known/jwks.json"
    local = UserPool(
        "us-east-1_x",
        frozenset({"c"}),
        jwks_url_override="http://127.0.0.1:5000/us-east-1_x/.well-known/jwks.json",
    )
    assert local.jwks_url.startswith("http://127.0.0.1:5000/")
