"""How every `mediapipe` command ends on an error: one line `error CODE: message`, a hint line
where one helps, and the exit code the code maps to (app/client/exit_codes.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from app.client.api import ApiError
from app.client.auth import SignInError
from app.client.exit_codes import exit_code

console = Console(stderr=True)


def fail(error: ApiError | SignInError) -> int:
    """Say what went wrong and return the exit code for it (the entry point returns it to main)."""
    # soft_wrap: one line however narrow the terminal, so it greps and pastes whole.
    console.print(f"[red]error[/red] {escape(error.code)}: {escape(error.message)}", soft_wrap=True)
    if isinstance(error, ApiError) and error.hint:
        console.print(f"hint: {escape(error.hint)}", soft_wrap=True)
    return int(exit_code(error.code))


def no_file(paths: Iterable[Path]) -> ApiError | None:
    """NO_FILE naming the paths that are not files, if any: checked before any other work (or a
    sign-in), so a typo in a file name is the one thing said."""
    missing = [str(path) for path in paths if not path.is_file()]
    return ApiError(f"Not a file: {', '.join(missing)}", "NO_FILE") if missing else None
