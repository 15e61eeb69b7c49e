"""Where objects live. The user's filename never becomes part of a key."""

from __future__ import annotations

import re

ORIGINALS = "originals/"
MEDIA = "media/"

_OWNER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# ULIDs: 26 characters of Crockford base32.
_MEDIA_ID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


def is_owner(value: str) -> bool:
    return bool(_OWNER.fullmatch(value))


def is_media_id(value: str) -> bool:
    return bool(_MEDIA_ID.fullmatch(value))


def original_key(owner: str, media_id: str) -> str:
    return f"{ORIGINALS}{owner}/{media_id}"


def parse_original_key(key: str) -> tuple[str, str] | None:
    """`originals/{owner}/{id}` -> (owner, id); anything else (not ours) -> None."""
    if not key.startswith(ORIGINALS):
        return None
    parts = key[len(ORIGINALS) :].split("/")
    if len(parts) != 2 or not is_owner(parts[0]) or not is_media_id(parts[1]):
        return None
    return parts[0], parts[1]


def media_prefix(owner: str, media_id: str) -> str:
    return f"{MEDIA}{owner}/{media_id}/"


def variant_key(owner: str, media_id: str, variant: str, extension: str) -> str:
    return f"{media_prefix(owner, media_id)}{variant}.{extension}"


def variant_folder(owner: str, media_id: str, variant: str) -> str:
    """Where an output made of several files lies (a stream: its playlists and segments), with `/`."""
    return f"{media_prefix(owner, media_id)}{variant}/"
