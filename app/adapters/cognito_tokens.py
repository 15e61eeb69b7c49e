"""Checking a Cognito user pool's JWTs: the one place the app decides whether a token is good.

In AWS the REST API's Cognito authorizer makes this check before the API Lambda runs; the embedded
stack makes it with this function (and so will anything that sees tokens itself, like a WebSocket's
`connection_init`). The check is Cognito's documented one: an RS256 signature by a key in the pool's
JWKS, `iss` equal to the pool's issuer, an unexpired `exp`, `token_use` of the kind accepted (ID
tokens, as the authorizer takes when no OAuth scopes are configured), and the app client: `aud` for
an ID token, `client_id` for an access token. PyJWT does the cryptography; the rules are written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jwt

ALGORITHM = "RS256"  # the only one Cognito signs with; `none` and HMAC are refused before any key is used


class TokenRejected(Exception):
    """The token is not acceptable; `str(error)` says why, in words a client can show."""


@dataclass(frozen=True)
class UserPool:
    """A user pool's identity: its id (`region_suffix`), the app clients whose tokens are accepted,
    and where its JWKS is served (Cognito's own URL unless told otherwise, e.g. the emulator's)."""

    pool_id: str
    client_ids: frozenset[str]
    jwks_url_override: str | None = None

    @property
    def region(self) -> str:
        return self.pool_id.split("_", 1)[0]

    @property
    def issuer(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.pool_id}"

    @property
    def jwks_url(self) -> str:
        return self.jwks_url_override or f"{self.issuer}/.well-known/jwks.json"


@dataclass
class TokenVerifier:
    pool: UserPool
    token_uses: frozenset[str] = frozenset({"id"})
    leeway_s: float = 0.0
    _jwks: jwt.PyJWKClient | None = field(default=None, repr=False)

    @cached_property
    def jwks(self) -> jwt.PyJWKClient:
        # Keys are cached for the client's lifetime; an unknown `kid` fetches the set again (a pool
        # rotates keys rarely), so a forged `kid` costs one small GET, never a crash.
        return self._jwks or jwt.PyJWKClient(self.pool.jwks_url, cache_keys=True, timeout=5)

    def verify(self, token: str) -> dict[str, Any]:
        """The token's claims when it is a valid token of this pool; else TokenRejected."""
        header = self._header(token)
        if header.get("alg") != ALGORITHM:
            raise TokenRejected(f"The token must be signed with {ALGORITHM}.")
        try:
            key = self.jwks.get_signing_key(str(header.get("kid", "")))
        except jwt.PyJWKClientConnectionError as error:
            raise TokenRejected("The user pool's signing keys could not be fetched; try again.") from error
        except jwt.PyJWKClientError as error:
            raise TokenRejected("The token was signed with a key this user pool does not have.") from error
        claims = self._decode(token, key.key)
        self._check_use_and_client(claims)
        return claims

    @staticmethod
    def _header(token: str) -> dict[str, Any]:
        try:
            return jwt.get_unverified_header(token)
        except jwt.DecodeError as error:
            raise TokenRejected("The token is not a well-formed JWT.") from error

    def _decode(self, token: str, key: Any) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self.pool.issuer,
                leeway=self.leeway_s,
                options={"require": ["exp", "iat", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError as error:
            raise TokenRejected("The token has expired; sign in again or refresh it.") from error
        except jwt.InvalidSignatureError as error:
            raise TokenRejected("The token's signature is not valid.") from error
        except jwt.InvalidIssuerError as error:
            raise TokenRejected("The token was issued by another user pool.") from error
        except jwt.MissingRequiredClaimError as error:
            raise TokenRejected(f"The token lacks the {error.claim!r} claim.") from error
        except jwt.InvalidTokenError as error:
            raise TokenRejected("The token is not valid.") from error
        return claims

    def _check_use_and_client(self, claims: dict[str, Any]) -> None:
        use = claims.get("token_use")
        if use not in self.token_uses:
            wanted = " or ".join(sorted(self.token_uses))
            raise TokenRejected(f"A Cognito {wanted} token is required; this is a {use!r} token.")
        client = claims.get("aud") if use == "id" else claims.get("client_id")
        if client not in self.pool.client_ids:
            raise TokenRejected("The token was issued to an app client this API does not accept.")
