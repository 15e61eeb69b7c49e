"""One JSON line per request the dev server answers: method, path, status, milliseconds. What
API Gateway's access log is in AWS, for a developer reading the dev terminal or grepping it.

Hand-written on purpose: uvicorn's access log is plain text without the time taken, and one small
ASGI wrapper is all this needs. The UI's static files and the health check are left out: a page
load fetches dozens of assets, which would bury the requests that matter.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any, TextIO

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]

# The functions' pushes to WebSocket clients (one per message) would drown the requests people make.
QUIET_PREFIXES = ("/assets/", "/healthz", "/favicon", "/@connections/")


class RequestLog:
    def __init__(self, app: ASGIApp, *, out: TextIO | None = None) -> None:
        self._app = app
        self._out = out

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.startswith(QUIET_PREFIXES):
            await self._app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before it answers

        async def noting_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self._app(scope, receive, noting_send)
        finally:
            line = {
                "level": "INFO" if status < 500 else "ERROR",
                "message": "request",
                "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "method": scope.get("method"),
                "path": path,
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            print(json.dumps(line), file=self._out or sys.stdout, flush=True)
