"""Numbers the embedded stack reads from its environment (MEDIAPIPE_LEASE_SECONDS and the like).

A typo must stop `mediapipe dev` with one line naming the variable, not a traceback from int();
SystemExit with a message prints just that message and exits 1.
"""

from __future__ import annotations

import os


def positive_int(name: str, default: int, *, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum is not None and value > maximum):
        bound = f" of at most {maximum}" if maximum is not None else ""
        raise SystemExit(f"{name} must be a positive whole number{bound}, not {raw!r}.")
    return value


def positive_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise SystemExit(f"{name} must be a positive number of seconds or MB, not {raw!r}.")
    return value
