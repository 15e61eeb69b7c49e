from __future__ import annotations

import itertools

import pytest

from app.domain.limits import Limits
from app.domain.presets import BUILTIN_PRESETS
from app.domain.service import MediaService, UploadPolicy
from app.graphql.asgi import GraphQLApp
from app.graphql.types import UploadPolicy as UploadPolicyType
from tests.fakes import FakeClock, InMemoryQueue, InMemoryRepository, InMemoryStorage


@pytest.fixture
def repository() -> InMemoryRepository:
    return InMemoryRepository()


@pytest.fixture
def service(repository: InMemoryRepository) -> MediaService:
    counter = itertools.count(1)
    policy = UploadPolicy(
        allowed_types=frozenset({"image/jpeg", "image/png"}),
        limits=Limits(max_image_bytes=10_000),
        presets=BUILTIN_PRESETS,
        default_preset="default",
        url_expires_s=300,
    )
    return MediaService(
        repository,
        InMemoryStorage(),
        InMemoryQueue(),
        policy,
        clock=FakeClock(),
        new_id=lambda: f"01JD2W3X4Y5Z6A7B8C9D0{next(counter):05d}",
    )


def make_app(service: MediaService, *, introspection: bool = True, playground: bool = True) -> GraphQLApp:
    return GraphQLApp(
        service,
        cdn_base_url="https://cdn.example",
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
