from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.domain.webhook_service import WebhookService
from app.graphql.asgi import GraphQLApp, create_api
from app.graphql.auth import CognitoClaims
from app.graphql.guards import ASGIApp
from app.local.authorizer import LocalAuthorizer, StaticKeys
from tests.fakes import InMemoryRepository, fake_links, in_memory_service
from tests.tokens import TestPool


@pytest.fixture
def repository() -> InMemoryRepository:
    return InMemoryRepository()


@pytest.fixture
def service(repository: InMemoryRepository) -> MediaService:
    return in_memory_service(repository)


def make_app(
    service: MediaService,
    *,
    introspection: bool = True,
    playground: bool = True,
    webhooks: WebhookService | None = None,
) -> GraphQLApp:
    return GraphQLApp(
        service,
        links=fake_links(),
        introspection=introspection,
        playground=playground,
        playground_headers={"x-api-key": "local-key"},
        webhooks=webhooks,
    )


APP_KEY = "app-key"  # the app's meter; who calls comes from the token
POOL = TestPool()


def auth_headers(user: str = "alice", *, key: str = APP_KEY) -> dict[str, str]:
    """What a signed-in caller sends: the app's API key and the user's Cognito ID token."""
    return {"x-api-key": key, "authorization": f"Bearer {POOL.token(user)}"}


def make_api(service: MediaService, **options: Any) -> Starlette:
    """The API behind the embedded stack's authorizer, as `mediapipe dev` serves it."""
    rate_limiter = options.pop("rate_limiter", None)
    graphql = make_app(service, **options)

    def gateway(app: ASGIApp) -> ASGIApp:
        return LocalAuthorizer(app, StaticKeys([APP_KEY]), POOL.verifier(), open_get=graphql.playground)

    return create_api(graphql, CognitoClaims(), rate_limiter=rate_limiter, gateway=gateway)


@pytest.fixture
def client(service: MediaService) -> TestClient:
    return TestClient(make_api(service))


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None, user: str = "alice") -> Any:
    return client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=auth_headers(user)
    )
