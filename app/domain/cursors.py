"""Opaque page cursors. A cursor carries only an item id: the owner always comes from the caller,
so a forged cursor can at most skip around one's own items."""

from __future__ import annotations

import base64
import binascii

from app.domain import keys
from app.domain.errors import ErrorCode, InvalidRequest


def encode_cursor(media_id: str) -> str:
    return base64.urlsafe_b64encode(media_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        media_id = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        media_id = ""
    if not keys.is_media_id(media_id):
        raise InvalidRequest(
            "The cursor is not valid; start again from the first page.", ErrorCode.BAD_CURSOR
        )
    return media_id
