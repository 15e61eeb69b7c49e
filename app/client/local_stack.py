"""Which local stack a command means, when it is not told: the one running, on whatever port.

`mediapipe dev` writes a state file per port (.mediapipe/dev-PORT.json, app/local/state.py) with
its URLs and pid, and removes it on exit. The API commands (without --api-url or
MEDIAPIPE_API_URL), `redrive` and `stats` all find their stack here, the same way:

- `--state-file F` (redrive, stats) means the stack F describes; `--port P` the stack on P;
- else the stack on the default port (PORT, else 8000), when one runs there;
- else the one stack whose state file says it runs; several are for the user to choose (--port).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from app.client.api import ApiError
from app.local.state import STATE_FOLDER, default_state_file

DEFAULT_PORT = 8000


@dataclass(frozen=True, slots=True)
class LocalStack:
    """A stack's port and state file; `state` is None when no stack has written it."""

    port: int
    state_file: Path
    state: dict[str, Any] | None

    @property
    def url(self) -> str:
        return str(self.state["url"]) if self.state else f"http://127.0.0.1:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.url}/graphql"

    def require_state(self) -> dict[str, Any]:
        """The state, for tools that need its queues and tables; else NO_STACK."""
        if self.state is None:
            raise ApiError(
                f"No local stack state at {self.state_file}: is `mediapipe dev` running?",
                "NO_STACK",
            )
        return self.state


def default_port() -> int:
    return int(os.environ.get("PORT") or DEFAULT_PORT)


def find_local_stack(
    port: int | None = None, *, state_file: Path | None = None, folder: Path = STATE_FOLDER
) -> LocalStack:
    """The stack `state_file` describes, else the one on `port`, else the default port's if it runs,
    else the one running (see above)."""
    if state_file is not None:
        return LocalStack(port or default_port(), state_file, _read(state_file))
    if port is not None:
        return _stack_on(port, folder)
    default = _stack_on(default_port(), folder)
    if _running(default):
        return default
    running = [stack for stack in _stacks_in(folder) if _running(stack)]
    if len(running) > 1:
        ports = ", ".join(str(stack.port) for stack in running)
        message = f"Several local stacks are running (ports {ports}): choose one with --port."
        raise ApiError(message, "SEVERAL_STACKS")
    return running[0] if running else default


def _stack_on(port: int, folder: Path) -> LocalStack:
    state_file = folder / default_state_file(port).name
    return LocalStack(port, state_file, _read(state_file))


def _stacks_in(folder: Path) -> list[LocalStack]:
    stacks = []
    for state_file in sorted(folder.glob("dev-*.json")):
        port = state_file.stem.removeprefix("dev-")
        if port.isdigit():
            stacks.append(LocalStack(int(port), state_file, _read(state_file)))
    return sorted(stacks, key=lambda stack: stack.port)


def _read(state_file: Path) -> dict[str, Any] | None:
    try:
        state: dict[str, Any] = json.loads(state_file.read_text())
    except (OSError, ValueError):  # absent, or half-written by a stack starting right now
        return None
    return state


def _running(stack: LocalStack) -> bool:
    """Its pid lives (cheap, and right unless a killed stack's pid was reused); without a pid, or for
    a stack whose state file is elsewhere (--state-file), whether its /healthz answers."""
    pid = (stack.state or {}).get("pid")
    if isinstance(pid, int):
        return _alive(pid)
    try:
        return httpx.get(f"{stack.url}/healthz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: the existence check, nothing is sent
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True
