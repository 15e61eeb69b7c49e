"""Where a running `mediapipe dev` says what it is: its state file, and the files kept beside it.

The stack writes these and the tools that drive it (`mediapipe redrive`, `mediapipe stats`, tests)
find them the same way: by the stack's port, or by the state file given to `mediapipe dev`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STATE_FOLDER = Path(".mediapipe")


def default_state_file(port: int) -> Path:
    """The state file of the stack on `port`, unless `--state-file` chose another."""
    return STATE_FOLDER / f"dev-{port}.json"


def metrics_file(state_file: Path) -> Path:
    """The stack's kept EMF lines, beside its state file (dev-8000.json: dev-8000.metrics.jsonl)."""
    return state_file.with_name(f"{state_file.stem}.metrics.jsonl")


class NoLocalStack(Exception):
    """No state file where one was looked for: no stack is running there."""

    def __init__(self, state_file: Path) -> None:
        super().__init__(f"No local stack state at {state_file}: is `mediapipe dev` running on that port?")


def read_state(state_file: Path) -> dict[str, Any]:
    if not state_file.is_file():
        raise NoLocalStack(state_file)
    state: dict[str, Any] = json.loads(state_file.read_text())
    return state
