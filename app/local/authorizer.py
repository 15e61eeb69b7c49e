"""What API Gateway does in front of the API in AWS, done by the embedded stack: check the app's API
key and the caller's Cognito token, then hand the app the request with the event shape the REST
API's Cognito authorizer produces (`requestContext.authorizer.claims`, `identity.apiKeyId`).

The token is checked by the very function any other part of the app uses (TokenVerifier), so what
passes here passes in AWS and the reverse. Refusals have API Gateway's statuses (401 for the token,
403 for the key) with a body that says what is wrong, in the API's error shape.

Failed authentications are counted per source address: past `FAILED_AUTH` the address gets 429 with
Retry-After, whatever it sends, until its bucket refills. Without that anything on the machine could
try credentials at hundreds a second. (In AWS the Cognito authorizer refuses bad tokens before the
Lambda runs; what limits a source there is docs/security.md's "Failed authentications".)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.responses import Response

from app.adapters.cognito_tokens import TokenRejected, TokenVerifier
from app.domain.rates import Rate
from app.graphql.auth import API_KEY_HEADER, AUTHORIZATION_HEADER, bearer
from app.graphql.guards import ASGIApp, Receive, Scope, Send, error_response, is_open, too_many
from app.graphql.rate_limit import TokenBuckets

# Per source address: enough for a person mistyping or a client whose token just expired, far too
# few to try credentials at any useful rate (20 at once, then one every 6 s).
FAILED_AUTH = Rate(per_minute=10, burst=20)


def key_id(api_key: str) -> str:
    """A stable, non-secret id for a key, as API Gateway's `apiKeyId` is."""
    return "local-" + hashlib.sha256(api_key.encode()).hexdigest()[:16]


class StaticKeys:
    """The app's API keys, checked against the x-api-key header in constant time."""

    def __init__(self, api_keys: Iterable[str]) -> None:
        self._ids = {key.encode(): key_id(key) for key in api_keys if key}
        if not self._ids:
            raise ValueError("at least one API key is required")

    def key_id_for(self, headers: Mapping[bytes, bytes]) -> str | None:
        presented = headers.get(API_KEY_HEADER.encode())
        if presented is None:
            return None
        found = None
        for key, identifier in self._ids.items():  # every key compared, so timing tells nothing
            if hmac.compare_digest(presented, key):
                found = identifier
        return found


def bearer_token(headers: Mapping[bytes, bytes]) -> str | None:
    return bearer(headers.get(AUTHORIZATION_HEADER.encode(), b"").decode("latin-1"))


class LocalAuthorizer:
    """ASGI middleware for the API's routes; requests the app serves unauthenticated (the
    playground page over GET, CORS preflights) pass untouched, as they do through the REST API."""

    def __init__(
        self,
        app: ASGIApp,
        keys: StaticKeys,
        verifier: TokenVerifier,
        *,
        open_get: bool,
        failures: TokenBuckets | None = None,
    ) -> None:
        self._app = app
        self._keys = keys
        self._verifier = verifier
        self._open_get = open_get
        self._failures = failures or TokenBuckets(FAILED_AUTH.per_minute, FAILED_AUTH.burst)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_open(scope, open_get=self._open_get):
            await self._app(scope, receive, send)
            return
        source = _source(scope)
        wait = self._failures.wait(source)
        if wait is not None:
            # Refused before the credentials are looked at: a right guess must not tell either.
            await too_many(wait, "Too many failed sign-ins from this address")(scope, receive, send)
            return
        verdict = self._authorize(dict(scope.get("headers", [])))
        if isinstance(verdict, Response):
            self._failures.spend(source)
            await verdict(scope, receive, send)
            return
        scope["aws.event"] = verdict
        await self._app(scope, receive, send)

    def _authorize(self, headers: Mapping[bytes, bytes]) -> Response | dict[str, Any]:
        """The event API Gateway would hand the app, or the refusal it would answer."""
        token = bearer_token(headers)
        if token is None:
            return _unauthenticated(
                "Sign in first: send a Cognito ID token as 'Authorization: Bearer <token>'."
            )
        try:
            claims = self._verifier.verify(token)
        except TokenRejected as rejected:
            return _unauthenticated(str(rejected))
        api_key_id = self._keys.key_id_for(headers)
        if api_key_id is None:
            return error_response(
                403, "FORBIDDEN", f"A valid API key is required in the {API_KEY_HEADER} header."
            )
        return _authorized_event(claims, api_key_id)


def _source(scope: Scope) -> str:
    """The peer's address: the stack is reached directly, so no forwarded header is believed."""
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _unauthenticated(message: str) -> Response:
    return error_response(401, "UNAUTHENTICATED", message, {"WWW-Authenticate": 'Bearer realm="mediapipe"'})


def _authorized_event(claims: Mapping[str, Any], api_key_id: str) -> dict[str, Any]:
    """The part of API Gateway's proxy event the app reads. The authorizer passes every claim as a
    string, so this does too."""
    return {
        "requestContext": {
            "identity": {"apiKeyId": api_key_id},
            "authorizer": {"claims": {name: str(value) for name, value in claims.items()}},
        }
    }
