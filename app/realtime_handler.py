"""The realtime Lambda's composition root: API Gateway WebSocket events (`$connect`, `$disconnect`,
`$default`) -> the graphql-transport-ws protocol (app/graphql/transport_ws.py).

Who the caller is comes in `connection_init` (browsers cannot set headers on a WebSocket, and API
Gateway's WebSocket authorizers see only the upgrade request): its payload carries the same Cognito
ID token as HTTP's `Authorization: Bearer ...`, checked here by the very function the local
authorizer uses (API Gateway's Cognito authorizer does it for HTTP in AWS).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from app.graphql.auth import AUTHORIZATION_HEADER, bearer
from app.handler import live_parts, logger, utc_now

if TYPE_CHECKING:
    from app.graphql.transport_ws import TransportWs
    from app.settings import Settings

SUBPROTOCOL_HEADER = "sec-websocket-protocol"


def token_owner(settings: Settings) -> Any:
    """`connection_init`'s payload -> the verified token's `sub`, or None."""
    from app.adapters.cognito_tokens import TokenRejected, TokenVerifier, UserPool

    if settings.user_pool_id is None:
        raise RuntimeError("MEDIAPIPE_USER_POOL_ID is not set: the realtime function cannot check tokens")
    verifier = TokenVerifier(
        UserPool(settings.user_pool_id, settings.user_pool_client_ids, settings.user_pool_jwks_url)
    )

    def owner(payload: Mapping[str, Any]) -> str | None:
        token = init_token(payload)
        if token is None:
            return None
        try:
            sub = verifier.verify(token).get("sub")
        except TokenRejected as rejected:
            logger().info("connection_init refused: %s", rejected)
            return None
        return sub if isinstance(sub, str) and sub else None

    return owner


def init_token(payload: Mapping[str, Any]) -> str | None:
    """The ID token of a `connection_init` payload: `{"Authorization": "Bearer <token>"}` (any case),
    as graphql-ws clients send their connectionParams, or `{"token": "<token>"}`."""
    for name, value in payload.items():
        if isinstance(value, str) and name.lower() == AUTHORIZATION_HEADER:
            return bearer(value)
    token = payload.get("token")
    return token if isinstance(token, str) and token else None


def transport(settings: Settings) -> TransportWs:
    from app.graphql.transport_ws import TransportWs

    return TransportWs(
        *live_parts(settings),
        token_owner(settings),
        clock=utc_now,
    )


@cache
def _transport() -> TransportWs:
    from app.settings import Settings

    return transport(Settings.from_env())


def respond(event: Mapping[str, Any], protocol: TransportWs) -> dict[str, Any]:
    """One API Gateway WebSocket event, through the protocol; the answer API Gateway expects."""
    from app.graphql.transport_ws import PROTOCOL

    context = event["requestContext"]
    connection_id = context["connectionId"]
    route = context["routeKey"]
    if route == "$connect":
        headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
        offered = [p.strip() for p in headers.get(SUBPROTOCOL_HEADER, "").split(",") if p.strip()]
        if PROTOCOL not in offered:
            # The subprotocol must be agreed in the upgrade; a client that does not speak it is told so.
            return {"statusCode": 400, "body": f"This endpoint speaks the {PROTOCOL} subprotocol only."}
        protocol.connect(connection_id)
        return {"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": PROTOCOL}}
    if route == "$disconnect":
        protocol.disconnect(connection_id)
    else:
        protocol.receive(connection_id, event.get("body"))
    return {"statusCode": 200}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return respond(event, _transport())
