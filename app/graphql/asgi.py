"""The API as an ASGI app: `/graphql` for signed-in callers, `/healthz` open. The same app runs under
Mangum in Lambda and under uvicorn locally; locally a `gateway` stands in front of `/graphql` where
API Gateway stands in AWS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.asgi import GraphQL

from app.domain.delivery import MediaLinks
from app.domain.ports import Budget
from app.domain.service import MediaService
from app.domain.webhook_service import WebhookService
from app.graphql.auth import Authenticator
from app.graphql.context import Context
from app.graphql.guards import ApiGuard, ASGIApp
from app.graphql.playground import playground_page, unbuilt_page
from app.graphql.schema import build_schema

GRAPHQL_PATH = "/graphql"


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        service: MediaService,
        *,
        links: MediaLinks,
        introspection: bool,
        playground: bool,
        playground_headers: dict[str, str] | None = None,
        playground_built: bool = True,
        webhooks: WebhookService | None = None,
    ) -> None:
        """`playground_built`: whether the playground's files are there to load; False serves a page
        that says how to build them (the local stack checks ui/dist; in AWS they are in the UI's
        bucket, deployed with it)."""
        super().__init__(
            build_schema(introspection=introspection),
            # Strawberry's own GraphiQL page loads React and GraphiQL from a CDN: render_graphql_ide
            # below serves ours instead.
            graphql_ide="graphiql" if playground else None,
            allow_queries_via_get=False,  # no state-changing GETs, and nothing for a link to trigger
            multipart_uploads_enabled=False,
            # Subscriptions go through API Gateway's WebSocket API and the realtime function (the
            # dev server emulates both): this app serves no WebSocket of its own.
            subscription_protocols=(),
        )
        self._service = service
        self._links = links
        self._webhooks = webhooks
        self._playground_headers = playground_headers or {}
        self._playground_built = playground_built
        self.playground = playground

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            owner=request.scope.get("state", {}).get("owner"),
            service=self._service,
            links=self._links,
            webhooks=self._webhooks,
        )

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        if not self._playground_built:
            return HTMLResponse(unbuilt_page())
        # The headers pre-filled (the local stack's key), so it works without typing one.
        return HTMLResponse(playground_page(GRAPHQL_PATH, self._playground_headers))


async def healthz(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_api(
    graphql: GraphQLApp,
    authenticator: Authenticator,
    *,
    rate_limiter: Budget | None = None,
    extra_routes: list[BaseRoute] | None = None,
    gateway: Callable[[ASGIApp], ASGIApp] | None = None,
) -> Starlette:
    """The API routes, plus any the host adds (the local stack adds the UI and /media, and its
    authorizer as the `gateway` in front of /graphql)."""
    guarded: ASGIApp = ApiGuard(
        graphql, authenticator, open_get=graphql.playground, rate_limiter=rate_limiter
    )
    if gateway is not None:
        guarded = gateway(guarded)
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route(GRAPHQL_PATH, guarded, methods=["GET", "HEAD", "POST", "OPTIONS"]),
        *(extra_routes or []),
    ]
    return Starlette(routes=routes)
