"""Who is calling: a person, the `sub` of a Cognito user pool token that was checked before the
request reached the app. In AWS the REST API's Cognito authorizer checks it and API Gateway hands
the claims over in `requestContext.authorizer.claims` (Mangum puts the event in the ASGI scope);
locally the embedded stack's authorizer (app/local/authorizer.py) checks it with the same function
and hands over the same shape. The API key (`x-api-key`) only meters the calling app (usage plan:
throttling and quota); it never says who the caller is."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

API_KEY_HEADER = "x-api-key"
AUTHORIZATION_HEADER = "authorization"


def bearer(value: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (the scheme in any case); else None."""
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


class Authenticator(Protocol):
    def owner_for(self, scope: Mapping[str, Any]) -> str | None:
        """The owner id of an ASGI request, or None if no verified identity came with it."""


def authorizer_claims(scope: Mapping[str, Any]) -> Mapping[str, Any]:
    """The verified token's claims as API Gateway passes them (empty when there are none)."""
    event = scope.get("aws.event") or {}
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    claims = authorizer.get("claims") if isinstance(authorizer, Mapping) else None
    return claims if isinstance(claims, Mapping) else {}


class CognitoClaims:
    """The owner is the verified token's `sub`: the same for a person on every device and app."""

    def owner_for(self, scope: Mapping[str, Any]) -> str | None:
        sub = authorizer_claims(scope).get("sub")
        return sub if isinstance(sub, str) and sub else None
