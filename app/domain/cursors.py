"""Opaque page cursors. A cursor carries only an item id, and for a list sorted by a value (a
name, a size) that value too: the owner always comes from the caller, so a forged cursor can at
most skip around one's own items."""

from __future__ import annotations

import base64
import binascii
import json

from app.domain import keys
from app.domain.errors import ErrorCode, InvalidRequest

Position = str | int  # where an item sits in a list sorted by a value: the value
MAX_CURSOR_LENGTH = 2000


def encode_cursor(media_id: str, position: Position | None = None) -> str:
    payload = media_id if position is None else json.dumps([media_id, position], ensure_ascii=False)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """An id-only cursor's id (a list in id order)."""
    media_id, position = decode_positioned(cursor)
    if position is not None:
        raise _bad()
    return media_id


def decode_positioned(cursor: str) -> tuple[str, Position | None]:
    """A cursor's id, and its position in a list sorted by a value (None: a list in id order)."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        payload = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        media_id, position = _parts(payload)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise _bad() from None
    if not keys.is_media_id(media_id):
        raise _bad()
    return media_id, position


def _parts(payload: str) -> tuple[str, Position | None]:
    if not payload.startswith("["):
        return payload, None
    parsed = json.loads(payload)
    match parsed:
        case [str() as media_id, str() | int() as position] if not isinstance(position, bool):
            return media_id, position
    raise ValueError


def _bad() -> InvalidRequest:
    return InvalidRequest("The cursor is not valid; start again from the first page.", ErrorCode.BAD_CURSOR)
