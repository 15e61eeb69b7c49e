from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.graphql.asgi import GraphQLApp, create_api
from app.graphql.auth import StaticKeys
from app.graphql.types import UploadPolicy as UploadPolicyType
from tests.fakes import InMemoryRepository, fake_links, in_memory_service


@pytest.fixture
def repository() -> InMemoryRepository:
    return InMemoryRepository()


@pytest.fixture
def service(repository: InMemoryRepository) -> MediaService:
    return in_memory_service(repository)


def make_app(service: MediaService, *, introspection: bool = True, playground: bool = True) -> GraphQLApp:
    return GraphQLApp(
        service,
        links=fake_links(),
        upload_policy=UploadPolicyType(
            accepted_types=["image/jpeg", "image/png"],
            max_image_bytes=10_000,
            max_video_bytes=1,
            max_audio_bytes=1,
            max_pixels=50_000_000,
            default_preset="default",
        ),
        introspection=introspection,
        playground=playground,
        playground_headers={"x-api-key": "local-key"},
    )


KEYS = ["alice-key", "bob-key"]


@pytest.fixture
def client(service: MediaService) -> TestClient:
    return TestClient(create_api(make_app(service), StaticKeys(KEYS)))


def gql(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, key: str = "alice-key"
) -> Any:
    return client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers={"x-api-key": key}
    )
