"""API Gateway's WebSocket API, as the embedded stack plays it: the socket clients open at
`realtimeUrl` (`/graphql` on the dev server), each connect, message and disconnect handed to the
realtime function as the very event API Gateway sends, and the @connections management API the
functions post to, with its semantics: 410 GoneException for a connection that is not open, SigV4
with the stack's credentials required (API Gateway requires IAM's). One thing is added: the close
code app/adapters/websocket_push.py names in a header, which API Gateway would ignore.

A connection's messages reach the function one at a time, in order, as they arrive.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

from app.adapters.websocket_push import CLOSE_CODE_HEADER, CLOSE_REASON_HEADER
from app.local.credentials import Credentials
from app.local.guard import sigv4
from app.local.guard.refusals import Refused

logger = logging.getLogger(__name__)

Function = Callable[[dict[str, Any], Any], dict[str, Any]]
STAGE = "local"
NORMAL_CLOSURE = 1000


class LocalWebSocketApi:
    def __init__(self, function: Function, credentials: Credentials, *, path: str) -> None:
        self._function = function
        self._credentials = credentials
        self._path = path
        self._open: dict[str, _Open] = {}

    def routes(self) -> list[BaseRoute]:
        return [
            WebSocketRoute(self._path, self._serve),
            Route("/@connections/{connection_id}", self._manage, methods=["POST", "GET", "DELETE"]),
        ]

    async def _serve(self, websocket: WebSocket) -> None:
        connection_id = secrets.token_urlsafe(12)
        headers = dict(websocket.headers.items())
        answer = await self._invoke(
            self._event("$connect", "CONNECT", connection_id, websocket, headers=headers)
        )
        if answer.get("statusCode") != 200:
            await websocket.close(code=1008, reason=str(answer.get("body", ""))[:120])
            return
        protocol = (answer.get("headers") or {}).get("Sec-WebSocket-Protocol")
        await websocket.accept(subprotocol=protocol)
        self._open[connection_id] = _Open(websocket, time.time())
        try:
            # Until the client leaves or a function closes the connection (DELETE @connections).
            while websocket.application_state is WebSocketState.CONNECTED:
                body = await websocket.receive_text()
                self._open[connection_id].last_active = time.time()
                await self._invoke(self._event("$default", "MESSAGE", connection_id, websocket, body=body))
        except (WebSocketDisconnect, WebSocketDisconnected):
            pass  # the client left, or a function closed the connection while a receive waited
        finally:
            self._open.pop(connection_id, None)
            await self._invoke(self._event("$disconnect", "DISCONNECT", connection_id, websocket))

    async def _invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        try:
            return await run_in_threadpool(self._function, event, None)
        except Exception:  # a function that raised: API Gateway answers 500 / drops the message
            logger.exception("The realtime function failed on %s", event["requestContext"]["routeKey"])
            return {"statusCode": 500}

    def _event(
        self,
        route: str,
        kind: str,
        connection_id: str,
        websocket: WebSocket,
        *,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> dict[str, Any]:
        """The fields of API Gateway's WebSocket event the function reads, and a few more."""
        now = time.time()
        event: dict[str, Any] = {
            "requestContext": {
                "routeKey": route,
                "eventType": kind,
                "connectionId": connection_id,
                "stage": STAGE,
                "domainName": websocket.url.netloc,
                "requestTimeEpoch": int(now * 1000),
                "messageDirection": "IN",
                "identity": {"sourceIp": websocket.client.host if websocket.client else ""},
            },
            "isBase64Encoded": False,
        }
        if headers is not None:
            event["headers"] = headers
        if body is not None:
            event["body"] = body
        return event

    async def _manage(self, request: Request) -> Response:
        refused = await self._unsigned(request)
        if refused is not None:
            return refused
        connection_id = request.path_params["connection_id"]
        connection = self._open.get(connection_id)
        if connection is None:
            return _gone()
        if request.method == "POST":
            await connection.websocket.send_text((await request.body()).decode())
            connection.last_active = time.time()
            return Response(status_code=200)
        if request.method == "DELETE":
            code = int(request.headers.get(CLOSE_CODE_HEADER, NORMAL_CLOSURE))
            await connection.websocket.close(code=code, reason=request.headers.get(CLOSE_REASON_HEADER, ""))
            self._open.pop(connection_id, None)
            return Response(status_code=204)
        return JSONResponse(
            {
                "connectedAt": _iso(connection.connected_at),
                "lastActiveAt": _iso(connection.last_active),
                "identity": {"sourceIp": connection.source_ip},
            }
        )

    async def _unsigned(self, request: Request) -> Response | None:
        seen = sigv4.Request(
            method=request.method,
            target=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            headers=dict(request.headers.items()),
            body=await request.body(),
        )
        try:
            sigv4.verify(seen, self._credentials, datetime.now(UTC))
        except Refused as refused:
            return JSONResponse(
                {"message": str(refused)}, status_code=403, headers={"x-amzn-ErrorType": "ForbiddenException"}
            )
        return None


class _Open:
    def __init__(self, websocket: WebSocket, connected_at: float) -> None:
        self.websocket = websocket
        self.connected_at = connected_at
        self.last_active = connected_at
        self.source_ip = websocket.client.host if websocket.client else ""


def _gone() -> Response:
    return JSONResponse({"message": None}, status_code=410, headers={"x-amzn-ErrorType": "GoneException"})


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat()
