"""Turn whatever a client calls its file into safe display metadata."""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 200
UNTITLED = "untitled"


def sanitise_filename(raw: str) -> str:
    """Keep the last path segment, drop control and format characters, collapse spaces, cap the length.

    The result is only ever shown to people; it never reaches a storage key or a shell.
    """
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(". ")
    if not name:
        return UNTITLED
    if len(name) <= MAX_LENGTH:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and 0 < len(ext) <= 10:
        return f"{stem[: MAX_LENGTH - len(ext) - 1]}.{ext}"
    return name[:MAX_LENGTH]
