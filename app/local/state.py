"""Where a running `mediapipe dev` says what it is: its state file, and the files kept beside it.

The stack writes these and the tools that drive it (`mediapipe redrive`, `mediapipe stats`, tests)
find them the same way (app/client/local_stack.py): by the stack's port, or by the state file
given to `mediapipe dev`.
"""

from __future__ import annotations

from pathlib import Path

STATE_FOLDER = Path(".mediapipe")


def default_state_file(port: int) -> Path:
    """The state file of the stack on `port`, unless `--state-file` chose another."""
    return STATE_FOLDER / f"dev-{port}.json"


def metrics_file(state_file: Path) -> Path:
    """The stack's kept EMF lines, beside its state file (dev-8000.json: dev-8000.metrics.jsonl)."""
    return state_file.with_name(f"{state_file.stem}.metrics.jsonl")
