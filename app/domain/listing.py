"""What a person asks to see of their items: filters, search and order (`mediaList`), and the rules
for the names and tags they give items (`updateMedia`).

Each filter and order maps to a DynamoDB access pattern (app/adapters/media_listing.py); the
in-memory repository of the tests keeps the same rules, checked against DynamoDB's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.domain.cursors import Position, encode_cursor
from app.domain.errors import ErrorCode, InvalidRequest
from app.domain.filenames import UNTITLED, sanitise_filename
from app.domain.models import MediaItem, MediaKind, MediaStatus

MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_SEARCH_LENGTH = 100
MAX_RAW_FILENAME = 1024
# Letters and digits of any script, and a space, '-', '_' or '.' between them.
_TAG = re.compile(r"[^\W_](?:[\w .-]*[^\W_])?")


class MediaSort(StrEnum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"
    NAME = "NAME"  # A to Z, ignoring case
    NAME_DESC = "NAME_DESC"
    LARGEST = "LARGEST"
    SMALLEST = "SMALLEST"

    @property
    def ascending(self) -> bool:
        return self in {MediaSort.OLDEST, MediaSort.NAME, MediaSort.SMALLEST}

    @property
    def by_date(self) -> bool:
        return self in {MediaSort.NEWEST, MediaSort.OLDEST}


@dataclass(frozen=True, slots=True)
class MediaQuery:
    """Every filter is optional; all given must match. `search` and `tag` are normalised."""

    status: MediaStatus | None = None
    kind: MediaKind | None = None
    tag: str | None = None
    search: str | None = None
    sort: MediaSort = MediaSort.NEWEST

    @classmethod
    def of(
        cls,
        *,
        status: MediaStatus | None = None,
        kind: MediaKind | None = None,
        tag: str | None = None,
        search: str | None = None,
        sort: MediaSort = MediaSort.NEWEST,
    ) -> MediaQuery:
        """A query from what a client sent: the tag and the search text checked and normalised."""
        return cls(
            status=status,
            kind=kind,
            tag=None if tag is None else normalise_tag(tag),
            search=normalise_search(search),
            sort=sort,
        )


ALL = MediaQuery()  # every item, newest first


def position_of(item: MediaItem, sort: MediaSort) -> Position | None:
    """Where an item sits in a list in `sort` order beyond its id: its name key or its size."""
    if sort in {MediaSort.NAME, MediaSort.NAME_DESC}:
        return name_key(item.filename)
    if sort in {MediaSort.LARGEST, MediaSort.SMALLEST}:
        return item.size
    return None


def cursor_of(item: MediaItem, sort: MediaSort) -> str:
    """The cursor of the page after `item` in a list in `sort` order."""
    return encode_cursor(item.id, position_of(item, sort))


def name_key(filename: str) -> str:
    """What names sort and are searched by: the filename without case (and NFKC-folded, so 'ﬁ' is 'fi')."""
    return unicodedata.normalize("NFKC", filename).casefold()


def normalise_search(text: str | None) -> str | None:
    """The search text as names are kept for searching; None when there is nothing to look for."""
    if text is None or not text.strip():
        return None
    if len(text) > MAX_SEARCH_LENGTH:
        raise InvalidRequest(
            f"The search text is too long: at most {MAX_SEARCH_LENGTH} characters.", ErrorCode.INVALID_INPUT
        )
    return name_key(" ".join(text.split()))


def normalise_tag(raw: str) -> str:
    """A tag as it is kept: spaces collapsed, lower case; letters, digits, ' ', '-', '_' and '.'."""
    tag = name_key(" ".join(raw.split()))
    if not tag:
        raise InvalidRequest("A tag cannot be empty.", ErrorCode.INVALID_INPUT)
    if len(tag) > MAX_TAG_LENGTH:
        raise InvalidRequest(
            f"The tag {tag[:MAX_TAG_LENGTH]!r}... is too long: at most {MAX_TAG_LENGTH} characters.",
            ErrorCode.INVALID_INPUT,
        )
    if not _TAG.fullmatch(tag):
        raise InvalidRequest(
            f"The tag {tag!r} has characters a tag cannot have: use letters, digits, spaces, "
            "'-', '_' or '.', starting and ending with a letter or digit.",
            ErrorCode.INVALID_INPUT,
        )
    return tag


def normalise_tags(raw: Sequence[str]) -> tuple[str, ...]:
    """An item's tags: each normalised, repeats dropped (first kept), at most MAX_TAGS."""
    tags = tuple(dict.fromkeys(normalise_tag(tag) for tag in raw))
    if len(tags) > MAX_TAGS:
        raise InvalidRequest(
            f"An item has at most {MAX_TAGS} tags, not {len(tags)}.", ErrorCode.INVALID_INPUT
        )
    return tags


def new_filename(raw: str) -> str:
    """A rename: the same rule as an upload's filename, but a name must remain."""
    if len(raw) > MAX_RAW_FILENAME:
        raise InvalidRequest("The filename is too long.", ErrorCode.INVALID_INPUT)
    name = sanitise_filename(raw)
    if name == UNTITLED and raw.strip() != UNTITLED:
        raise InvalidRequest("The filename cannot be empty.", ErrorCode.INVALID_INPUT)
    return name
