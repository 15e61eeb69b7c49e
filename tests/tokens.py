"""Cognito-shaped JWTs for unit tests: a user pool of our own (an RSA key, its JWKS) that signs ID
and access tokens exactly as Cognito lays them out, and can be told to get any claim wrong."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from app.adapters.cognito_tokens import TokenVerifier, UserPool

POOL_ID = "eu-west-1_TestPool1"
CLIENT_ID = "testclient0123456789"
KID = "test-key-1"


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class _SigningKey:
    key: Any


@dataclass
class StaticJwks:
    """Stands in for PyJWKClient: the pool's public keys by `kid`."""

    keys: dict[str, Any]

    def get_signing_key(self, kid: str) -> _SigningKey:
        if kid not in self.keys:
            raise jwt.PyJWKClientError(f'Unable to find a signing key that matches: "{kid}"')
        return _SigningKey(self.keys[kid])


@dataclass
class TestPool:
    __test__ = False  # a factory, not a test class
    pool_id: str = POOL_ID
    client_id: str = CLIENT_ID
    private_key: rsa.RSAPrivateKey = field(default_factory=_rsa_key)

    @property
    def user_pool(self) -> UserPool:
        return UserPool(self.pool_id, frozenset({self.client_id}))

    def verifier(self) -> TokenVerifier:
        jwks = StaticJwks({KID: self.private_key.public_key()})
        return TokenVerifier(self.user_pool, _jwks=jwks)  # type: ignore[arg-type]

    def claims(self, sub: str, token_use: str = "id", **overrides: Any) -> dict[str, Any]:  # noqa: S107
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.user_pool.issuer,
            "sub": sub,
            "token_use": token_use,
            "iat": now,
            "auth_time": now,
            "exp": now + 3600,
            "email": f"{sub}@example.com",
        }
        claims["aud" if token_use == "id" else "client_id"] = self.client_id
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def token(self, sub: str, *, key: rsa.RSAPrivateKey | None = None, kid: str = KID, **claims: Any) -> str:
        return jwt.encode(
            self.claims(sub, **claims), key or self.private_key, algorithm="RS256", headers={"kid": kid}
        )
