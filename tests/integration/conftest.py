"""The embedded stack, started once per test session as a real `mediapipe dev` process on a free
port, and the pieces tests need to drive it over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.client.api import Endpoint, MediaPipeClient
from app.local.emulator import client as aws_client
from tests.conftest import REPO

ALICE_KEY, BOB_KEY = "test-key-alice", "test-key-bob"
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
    state_file, log = workdir / "state.json", workdir / "stack.log"
    env = {**os.environ, "MEDIAPIPE_API_KEY": f"{ALICE_KEY},{BOB_KEY}", **(extra_env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "dev",
            "--port",
            "0",
            "--workers",
            str(workers),
            "--state-file",
            str(state_file),
        ],
        cwd=REPO,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while not state_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the stack did not start:\n{log.read_text()}")
        time.sleep(0.1)
    state = json.loads(state_file.read_text())
    while True:
        try:
            if httpx.get(f"{state['url']}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"the stack never became healthy:\n{log.read_text()}")
        time.sleep(0.1)
    return process, Stack(url=state["url"], graphql_url=state["graphqlUrl"], state=state, log=log)


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
