"""The embedded stack, started once per test session as a real `mediapipe dev` process on a free
port, and the pieces tests need to drive it over HTTP."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.client.api import Endpoint, MediaPipeClient
from app.client.launcher import RunningStack, launch
from app.domain import keys
from app.local.credentials import Credentials
from app.local.emulator import client as aws_client
from tests.factories import media_item

API_KEY = "test-app-key"  # the app's meter; who calls is the signed-in user
ALICE, BOB = "alice@example.com", "bob@example.com"
SAMPLES_USER = "samples@example.com"  # the all-samples test keeps its many items apart
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Stack:
    running: RunningStack

    @property
    def url(self) -> str:
        return self.running.url

    @property
    def graphql_url(self) -> str:
        return self.running.graphql_url

    @property
    def state(self) -> dict[str, Any]:
        return self.running.state

    @property
    def log(self) -> Path:
        assert self.running.log is not None
        return self.running.log

    @property
    def state_file(self) -> Path:
        return self.running.state_file

    @property
    def credentials(self) -> Credentials:
        """The stack's own AWS credentials: the only ones its emulator accepts."""
        return Credentials.from_environment(self.state["awsCredentials"])

    def aws(self, service: str) -> Any:
        return aws_client(service, self.state["awsEndpoint"], self.credentials)

    def endpoint(self, user: str = ALICE, password: str | None = None) -> Endpoint:
        """The API as `user` (created and signed in through Cognito on first use)."""
        return _endpoints(self.running, user, password)

    def client(self, user: str = ALICE) -> MediaPipeClient:
        return MediaPipeClient(self.endpoint(user))

    def owner(self, user: str = ALICE) -> str:
        """The user's `sub`, which owns their media."""
        token = self.endpoint(user).id_token
        assert token is not None
        return str(jwt.decode(token(), options={"verify_signature": False})["sub"])


_SESSIONS: dict[tuple[str, str], Endpoint] = {}


def _endpoints(running: RunningStack, user: str, password: str | None = None) -> Endpoint:
    """One signed-in session per user and stack; it refreshes its tokens itself."""
    key = (running.url, user)
    if key not in _SESSIONS:
        _SESSIONS[key] = running.user(user, password)
    return _SESSIONS[key]


def start_stack(
    workdir: Path,
    extra_env: dict[str, str] | None = None,
    workers: int = 2,
    *,
    api_keys: tuple[str, ...] = (API_KEY,),
    data: Path | None = None,
    fresh: bool = False,
) -> tuple[subprocess.Popen[bytes], Stack]:
    running = launch(
        workdir / "state.json",
        api_keys=api_keys,
        workers=workers,
        env=extra_env,
        log=workdir / "stack.log",
        timeout=START_TIMEOUT_S,
        data=data,
        fresh=fresh,
    )
    return running.process, Stack(running)


def stop_stack(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    process, running = start_stack(tmp_path_factory.mktemp("stack"))
    yield running
    stop_stack(process)


@pytest.fixture
def alice(stack: Stack) -> Iterator[MediaPipeClient]:
    with stack.client(ALICE) as client:
        yield client


@pytest.fixture
def bob(stack: Stack) -> Iterator[MediaPipeClient]:
    with stack.client(BOB) as client:
        yield client


def upload_bytes(
    client: MediaPipeClient, data: bytes, filename: str, content_type: str, *, preset: str | None = None
) -> dict[str, Any]:
    """createUpload + the presigned POST, exactly as a browser does it."""
    payload = client.create_upload(filename, content_type, len(data), preset)
    upload = payload["upload"]
    response = httpx.post(
        upload["url"], data=upload["fields"], files={"file": (filename, data, content_type)}
    )
    assert response.status_code == 204, response.text
    media: dict[str, Any] = payload["media"]
    return media


def eventually(check: Callable[[], bool], timeout: float = 30.0, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


@dataclass(frozen=True)
class Emulator:
    """An emulator of our own, with no worker: for driving the handler and adapters directly."""

    resources: Any

    def aws(self, service: str) -> Any:
        return aws_client(service, self.resources.endpoint_url, self.resources.credentials)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """moto keeps its state per process, so one in-process emulator serves the whole session."""
    from app.adapters import aws
    from app.local.emulator import create_resources, start_server
    from app.local.stack import stack_environment
    from processors import handler, sweeper

    credentials, origins = Credentials.generate(), ["http://localhost"]
    server, endpoint = start_server("127.0.0.1", credentials, origins)
    resources = create_resources(
        endpoint, credentials=credentials, ui_origins=origins, visibility_timeout_s=30
    )
    saved = dict(os.environ)
    os.environ.update(stack_environment(resources, "http://cdn.test", lease_seconds=30))

    def forget_clients() -> None:
        for cached in (
            aws.s3_client,
            aws.sqs_client,
            aws.dynamodb_client,
            aws.secretsmanager_client,
            aws.cloudfront_client,
            handler._settings,
            handler._repository,
            handler._forwarder,
            handler._pipeline,
            sweeper._sweep,
        ):
            cached.cache_clear()

    forget_clients()
    yield Emulator(resources)
    forget_clients()
    os.environ.clear()
    os.environ.update(saved)
    server.stop()


def seed_upload(emulator_aws: Any, table: str, bucket: str, owner: str, media_id: str, data: bytes) -> None:
    """An item as createUpload leaves it, then its original as the browser's POST leaves it (S3
    notifies the jobs queue by itself)."""
    now = datetime.now(UTC)
    item = media_item(
        owner=owner,
        id=media_id,
        filename=f"{media_id}.jpg",
        size=max(1, len(data)),
        created_at=now,
        updated_at=now,
    )
    DynamoMediaRepository(table, emulator_aws("dynamodb")).create(item)
    emulator_aws("s3").put_object(Bucket=bucket, Key=keys.original_key(owner, media_id), Body=data)
