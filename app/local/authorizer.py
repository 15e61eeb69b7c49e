"""What API Gateway does in front of the API in AWS, done by the embedded stack: check the app's API
key and the caller's Cognito token, then hand the app the request with the event shape the REST
API's Cognito authorizer produces (`requestContext.authorizer.claims`, `identity.apiKeyId`).

The token is checked by the very function any other part of the app uses (TokenVerifier), so what
passes here passes in AWS and the reverse. Refusals have API Gateway's statuses (401 for the token,
403 for the key) with a body that says what is wrong, in the API's error shape.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any

from app.adapters.cognito_tokens import TokenRejected, TokenVerifier
from app.graphql.auth import API_KEY_HEADER, AUTHORIZATION_HEADER
from app.graphql.guards import ASGIApp, Receive, Scope, Send, error_response, is_open


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
    scheme, _, token = headers.get(AUTHORIZATION_HEADER.encode(), b"").decode("latin-1").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


class LocalAuthorizer:
    """ASGI middleware for the API's routes; requests the app serves unauthenticated (the
    playground page over GET, CORS preflights) pass untouched, as they do through the REST API."""

    def __init__(self, app: ASGIApp, keys: StaticKeys, verifier: TokenVerifier, *, open_get: bool) -> None:
        self._app = app
        self._keys = keys
        self._verifier = verifier
        self._open_get = open_get

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_open(scope, open_get=self._open_get):
            await self._app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        token = bearer_token(headers)
        if token is None:
            refusal = _unauthenticated(
                "Sign in first: send a Cognito ID token as 'Authorization: Bearer <token>'."
            )
            await refusal(scope, receive, send)
            return
        try:
            claims = self._verifier.verify(token)
        except TokenRejected as rejected:
            await _unauthenticated(str(rejected))(scope, receive, send)
            return
        api_key_id = self._keys.key_id_for(headers)
        if api_key_id is None:
            forbidden = error_response(
                403, "FORBIDDEN", f"A valid API key is required in the {API_KEY_HEADER} header."
            )
            await forbidden(scope, receive, send)
            return
        scope["aws.event"] = _authorized_event(claims, api_key_id)
        await self._app(scope, receive, send)


def _unauthenticated(message: str) -> Any:
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
