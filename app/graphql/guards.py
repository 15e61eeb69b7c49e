"""What every request to /graphql must pass before GraphQL sees it: a verified caller (401), a JSON
body (415) of bounded size (413), and, where configured, the caller's rate limit (429). The
caller's owner id then travels in `scope["state"]["owner"]`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.responses import JSONResponse, Response

from app.domain.errors import ErrorCode
from app.domain.ports import Budget
from app.domain.rates import retry_after_s
from app.graphql.auth import Authenticator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 64 * 1024


class BodyTooLarge(Exception):
    pass


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=headers)


def too_many(wait: float, what: str) -> Response:
    """429 with Retry-After, in the API's error shape."""
    seconds = retry_after_s(wait)
    return error_response(
        429, ErrorCode.RATE_LIMITED.value, f"{what}; try again in {seconds} s.", {"Retry-After": str(seconds)}
    )


def is_open(scope: Scope, *, open_get: bool) -> bool:
    """Requests served to anyone: CORS preflights, and with the playground on its page over GET."""
    method = scope.get("method", "")
    return scope["type"] != "http" or method == "OPTIONS" or (method in {"GET", "HEAD"} and open_get)


class ApiGuard:
    def __init__(
        self,
        app: ASGIApp,
        authenticator: Authenticator,
        *,
        open_get: bool,
        rate_limiter: Budget | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._app = app
        self._authenticator = authenticator
        self._open_get = open_get  # GET only renders the playground; queries over GET are off
        self._rate_limiter = rate_limiter
        self._max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if is_open(scope, open_get=self._open_get):
            await self._app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._call_with_body_limit(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        owner = self._authenticator.owner_for(scope)
        if owner is None:
            # In front of the app, API Gateway's authorizer (or the local one) refuses such requests
            # already; this holds if the app is ever reached another way.
            return error_response(
                401, "UNAUTHENTICATED", "Sign in first: this request carries no verified identity."
            )
        headers = dict(scope.get("headers", []))
        if scope["method"] == "POST":
            content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if content_type != b"application/json":
                # Only JSON: a form or text/plain POST could be sent cross-site without a preflight.
                return error_response(
                    415, "UNSUPPORTED_MEDIA_TYPE", "Send GraphQL requests as application/json."
                )
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > self._max_body):
                return _too_large(self._max_body)
        if self._rate_limiter is not None:
            wait = self._rate_limiter.spend(owner)
            if wait is not None:
                return too_many(wait, "Too many requests")
        scope.setdefault("state", {})["owner"] = owner
        return None

    async def _call_with_body_limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count bytes as they stream in: a chunked body has no Content-Length to check up front."""
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self._max_body:
                raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(self._max_body)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return error_response(413, "PAYLOAD_TOO_LARGE", f"Request bodies are limited to {limit} bytes.")
