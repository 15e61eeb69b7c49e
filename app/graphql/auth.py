"""Who is calling. In AWS, API Gateway has checked the x-api-key already and tells us which key it
was; locally we check the header against the configured keys ourselves. Either way the caller's
owner id is the key's id, never the key itself."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

API_KEY_HEADER = "x-api-key"


class Authenticator(Protocol):
    def owner_for(self, scope: Mapping[str, Any]) -> str | None:
        """The owner id of an ASGI request, or None if it carries no valid key."""


class ApiGatewayKeys:
    """Trust API Gateway's `requestContext.identity.apiKeyId` (Mangum puts the event in the scope)."""

    def owner_for(self, scope: Mapping[str, Any]) -> str | None:
        event = scope.get("aws.event") or {}
        key_id = ((event.get("requestContext") or {}).get("identity") or {}).get("apiKeyId")
        return key_id if isinstance(key_id, str) and key_id else None


def key_id(api_key: str) -> str:
    """A stable, non-secret id for a key: what owns the media uploaded with it."""
    return "local-" + hashlib.sha256(api_key.encode()).hexdigest()[:16]


class StaticKeys:
    """Check the x-api-key header against a fixed set of keys (the embedded stack)."""

    def __init__(self, api_keys: Iterable[str]) -> None:
        self._owners = {key.encode(): key_id(key) for key in api_keys if key}
        if not self._owners:
            raise ValueError("at least one API key is required")

    def owner_for(self, scope: Mapping[str, Any]) -> str | None:
        presented = next((v for k, v in scope.get("headers", []) if k == API_KEY_HEADER.encode()), None)
        if presented is None:
            return None
        # Compare against every key in constant time, so timing tells nothing about near misses.
        owner = None
        for key, key_owner in self._owners.items():
            if hmac.compare_digest(presented, key):
                owner = key_owner
        return owner
