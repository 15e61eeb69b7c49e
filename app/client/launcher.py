"""Start `mediapipe dev` as a child process and wait until it serves: for tests, benchmarks and
tools that need a whole stack of their own (on a free port, so several can run side by side)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from app.client.api import Endpoint
from app.client.auth import Cognito, PoolConfig, Session
from app.local.credentials import Credentials
from app.local.identity import LocalUserPool, ensure_user

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RunningStack:
    process: subprocess.Popen[bytes]
    state: dict[str, Any]
    log: Path | None
    state_file: Path

    @property
    def url(self) -> str:
        return str(self.state["url"])

    @property
    def graphql_url(self) -> str:
        return str(self.state["graphqlUrl"])

    def user(self, email: str, password: str | None = None) -> Endpoint:
        return user_endpoint(self.state, email, password)

    def stop(self, timeout: float = 20.0) -> None:
        """Ctrl-C's path (SIGTERM is handled the same way); kill only if it does not finish."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def launch(
    state_file: Path,
    *,
    api_keys: Sequence[str],
    workers: int = 1,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    timeout: float = 60.0,
    data: Path | None = None,
    fresh: bool = False,
) -> RunningStack:
    """Run the stack on a free port and return once /healthz answers; with `data`, its data lasts
    in that folder (port 0 keeps none otherwise), `fresh` forgetting what it held."""
    command = [sys.executable, "-m", "app.cli", "dev", "--port", "0", "--workers", str(workers)]
    command += [*(["--data", str(data)] if data is not None else []), *(["--fresh"] if fresh else [])]
    output = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(  # noqa: S603  # our own interpreter and module, nothing from users
        [*command, "--state-file", str(state_file)],
        cwd=REPO,
        env={**os.environ, **(env or {}), "MEDIAPIPE_API_KEY": ",".join(api_keys)},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + timeout
    while not _serving(state_file):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            detail = log.read_text(errors="replace")[-3000:] if log is not None else ""
            raise RuntimeError(f"the stack did not start\n{detail}")
        time.sleep(0.1)
    return RunningStack(process, json.loads(state_file.read_text()), log, state_file)


def user_endpoint(state: Mapping[str, Any], email: str, password: str | None = None) -> Endpoint:
    """The API of a running stack (its state file's contents) as `email`: a confirmed user created
    on first use (or given `password` again), as a sign-up and its confirmation leave one, signed
    in through the CLI's client."""
    pool = LocalUserPool(state["awsEndpoint"], state["userPoolId"], state["uiClientId"], state["cliClientId"])
    password = password or password_for(email)
    ensure_user(pool, email, password, Credentials.from_environment(state["awsCredentials"]))
    cognito = Cognito(PoolConfig(pool.region, pool.pool_id, pool.cli_client_id, pool.endpoint_url))
    graphql_url = str(state["graphqlUrl"])
    session = Session(graphql_url, cognito, None, cognito.sign_in(email, password))
    return Endpoint(graphql_url, state["apiKeys"][0], session.id_token)


def password_for(email: str) -> str:
    """A password within the pool's policy, the same for an email every time (test users only)."""
    return "Pw1-" + hashlib.sha256(email.encode()).hexdigest()[:20] + "aA"


def _serving(state_file: Path) -> bool:
    if not state_file.exists():
        return False
    try:
        url = json.loads(state_file.read_text())["url"]
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except (ValueError, KeyError, httpx.HTTPError):
        return False
