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
import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.client.api import Endpoint, MediaPipeClient
from app.domain import keys
from app.local.emulator import client as aws_client
from app.local.launcher import launch
from tests.factories import media_item

ALICE_KEY, BOB_KEY = "test-key-alice", "test-key-bob"
SAMPLES_KEY = "test-key-samples"  # the all-samples test keeps its many items apart
START_TIMEOUT_S = 60


@dataclass(frozen=True)
class Stack:
    url: str
    graphql_url: str
    state: dict[str, Any]
    log: Path

    def aws(self, service: str) -> Any:
        return aws_client(service, self.state["awsEndpoint"])

    def client(self, key: str = ALICE_KEY) -> MediaPipeClient:
        return MediaPipeClient(Endpoint(self.graphql_url, key))


def start_stack(
    workdir: Path, extra_env: dict[str, str] | None = None, workers: int = 2
) -> tuple[subprocess.Popen[bytes], Stack]:
    running = launch(
        workdir / "state.json",
        api_keys=[ALICE_KEY, BOB_KEY, SAMPLES_KEY],
        workers=workers,
        env=extra_env,
        log=workdir / "stack.log",
        timeout=START_TIMEOUT_S,
    )
    assert running.log is not None
    return running.process, Stack(
        url=running.url, graphql_url=running.graphql_url, state=running.state, log=running.log
    )


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
    with stack.client(ALICE_KEY) as client:
        yield client


@pytest.fixture
def bob(stack: Stack) -> Iterator[MediaPipeClient]:
    with stack.client(BOB_KEY) as client:
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
        return aws_client(service, self.resources.endpoint_url)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """moto keeps its state per process, so one in-process emulator serves the whole session."""
    from app.adapters import aws
    from app.local.emulator import FAKE_CREDENTIALS, REGION, create_resources, start_server
    from app.local.stack import stack_environment
    from processors import handler

    server, endpoint = start_server()
    resources = create_resources(endpoint, ui_origins=["http://localhost"], visibility_timeout_s=30)
    saved = dict(os.environ)
    os.environ.update(stack_environment(resources, "http://cdn.test", lease_seconds=30))
    os.environ.update(FAKE_CREDENTIALS | {"AWS_DEFAULT_REGION": REGION})

    def forget_clients() -> None:
        for cached in (
            aws.s3_client,
            aws.sqs_client,
            aws.dynamodb_client,
            aws.secretsmanager_client,
            aws.cloudfront_client,
            handler._settings,
            handler._pipeline,
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
