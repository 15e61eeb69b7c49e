"""The API as an ASGI app: `/graphql` behind the API key, `/healthz` open. The same app runs under
Mangum in Lambda and under uvicorn locally; only the Authenticator differs."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL

from app.domain.service import MediaService
from app.graphql.auth import API_KEY_HEADER, Authenticator
from app.graphql.context import Context
from app.graphql.schema import build_schema
from app.graphql.types import UploadPolicy

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

GRAPHQL_PATH = "/graphql"
MAX_BODY_BYTES = 64 * 1024


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        service: MediaService,
        *,
        cdn_base_url: str,
        upload_policy: UploadPolicy,
        introspection: bool,
        playground: bool,
        playground_headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(
            build_schema(introspection=introspection),
            graphql_ide="graphiql" if playground else None,
            allow_queries_via_get=False,  # no state-changing GETs, and nothing for a link to trigger
            multipart_uploads_enabled=False,
        )
        self._service = service
        self._cdn_base_url = cdn_base_url
        self._upload_policy = upload_policy
        self._playground_headers = playground_headers or {}

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            owner=request.scope.get("state", {}).get("owner"),
            service=self._service,
            cdn_base_url=self._cdn_base_url,
            upload_policy=self._upload_policy,
        )

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        html = self.graphql_ide_html
        if self._playground_headers:
            # Pre-fill the playground's headers (the local stack's key), so it works without typing one.
            html = html.replace(
                "const defaultHeaders = {};",
                f"const defaultHeaders = {json.dumps(self._playground_headers)};",
            )
        return HTMLResponse(html)


class RequireApiKey:
    """401 for /graphql requests without a valid key; the owner id goes into `scope["state"]`.

    GET /graphql only ever renders the playground (queries over GET are off), so it stays open.
    """

    def __init__(
        self, app: ASGIApp, authenticator: Authenticator, protected_prefix: str = GRAPHQL_PATH
    ) -> None:
        self._app = app
        self._authenticator = authenticator
        self._prefix = protected_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(self._prefix)
            or scope["method"] in {"GET", "OPTIONS"}
        ):
            await self._app(scope, receive, send)
            return
        owner = self._authenticator.owner_for(scope)
        if owner is None:
            await _error(
                401, "UNAUTHENTICATED", f"A valid API key is required in the {API_KEY_HEADER} header."
            )(scope, receive, send)
            return
        length = next((v for k, v in scope.get("headers", []) if k == b"content-length"), b"0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            await _error(413, "PAYLOAD_TOO_LARGE", f"Request bodies are limited to {MAX_BODY_BYTES} bytes.")(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})["owner"] = owner
        await self._app(scope, receive, send)


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_api(
    graphql: GraphQLApp, authenticator: Authenticator, *, extra_routes: list[BaseRoute] | None = None
) -> Starlette:
    """The API routes, plus any the host adds (the local stack adds the UI and /media)."""
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route(GRAPHQL_PATH, RequireApiKey(graphql, authenticator), methods=["GET", "POST", "OPTIONS"]),
        *(extra_routes or []),
    ]
    return Starlette(routes=routes)
