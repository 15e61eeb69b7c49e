"""Fresh ids for media items and audit entries, made by whichever composition root needs them."""

from __future__ import annotations

import secrets
import time


def new_media_id() -> str:
    """A ULID: 48 bits of the current millisecond (ids sort by creation time), then 80 fresh random
    bits. Not `ULID()`: python-ulid's default generator is monotonic, so two ids of one millisecond
    would differ by exactly 1, and one id would give away its neighbours."""
    from ulid import ULID

    milliseconds = time.time_ns() // 1_000_000
    return str(ULID.from_bytes(milliseconds.to_bytes(6, "big") + secrets.token_bytes(10)))
