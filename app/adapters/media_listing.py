"""How a `MediaQuery` reads the media table: one Query on the index that gives its order, narrowed
first by the index's key, then by filters.

The access patterns (docs/api.md#finding-items), all within one owner's partition:

    newest / oldest           the table (sk is the ULID: time order), or, with a status or a kind,
                              the by-status or by-kind index (the same sk, so the same order)
    by name (either way)      the by-name index (pk, nameKey: the name without case)
    by size (either way)      the by-size index (pk, size)
    tag, search               filters on the chosen Query: `contains(tags, :tag)`, and
                              `contains(nameKey, :search)` (a substring anywhere in the name)

A status or kind that is not the index's key is a filter too (a name-sorted list of READY
videos reads the owner's names in order and keeps the READY videos). A filter reads items it
does not return; DynamoDB counts them against the Query's limit, so a selective filter is read in
larger steps and a request stops after MAX_READS of them, answering with what it found and a
cursor where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.adapters import media_codec as codec
from app.adapters.table_schema import (
    KIND_INDEX,
    KIND_INDEX_KEY,
    NAME_INDEX,
    NAME_KEY,
    PARTITION_KEY,
    SIZE_INDEX,
    SIZE_KEY,
    SORT_KEY,
    STATUS_INDEX,
    STATUS_INDEX_KEY,
    kind_pk,
    media_sk,
    owner_pk,
    status_pk,
)
from app.domain.cursors import Position, decode_positioned, encode_cursor
from app.domain.errors import ErrorCode, InvalidRequest
from app.domain.listing import MediaQuery, MediaSort

S = codec.serialize
NOT_DELETING = f"attribute_not_exists({codec.DELETING_SINCE})"
# Items read per Query when filters narrow the list, and Queries per request at most.
FILTERED_STEP = 200
MAX_READS = 10


@dataclass(frozen=True)
class Plan:
    """A Query's arguments, less its limit and start."""

    arguments: dict[str, Any]
    filtered: bool  # whether filters beyond NOT_DELETING drop items
    # The attribute (besides pk and sk) a start key needs, and its DynamoDB type: the index's
    # own range key for the name and size orders, its partition key for status and kind.
    start: dict[str, Any] = field(default_factory=dict)
    position_key: str | None = None

    def start_key(self, owner: str, cursor: str) -> dict[str, Any]:
        """The ExclusiveStartKey for a page after `cursor` (refused: one of another order)."""
        media_id, position = decode_positioned(cursor)
        if (position is None) != (self.position_key is None):
            raise InvalidRequest(
                "The cursor is of a list in another order; start again from the first page.",
                ErrorCode.BAD_CURSOR,
            )
        key = {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(media_sk(media_id)), **self.start}
        if self.position_key is not None:
            key[self.position_key] = _position_value(self.position_key, position)
        return key


def plan(owner: str, query: MediaQuery) -> Plan:
    names: dict[str, str] = {"#pk": PARTITION_KEY}
    values: dict[str, Any] = {}
    filters = [NOT_DELETING]
    arguments: dict[str, Any] = {"ScanIndexForward": query.sort.ascending}
    start: dict[str, Any] = {}
    position_key: str | None = None

    status_in_key = query.sort.by_date and query.status is not None
    kind_in_key = query.sort.by_date and not status_in_key and query.kind is not None
    if status_in_key:
        assert query.status is not None
        arguments["IndexName"] = STATUS_INDEX
        names["#pk"] = STATUS_INDEX_KEY
        values[":pk"] = start[STATUS_INDEX_KEY] = S(status_pk(owner, query.status.value))
        arguments["KeyConditionExpression"] = "#pk = :pk"
    elif kind_in_key:
        assert query.kind is not None
        arguments["IndexName"] = KIND_INDEX
        names["#pk"] = KIND_INDEX_KEY
        values[":pk"] = start[KIND_INDEX_KEY] = S(kind_pk(owner, query.kind.value))
        arguments["KeyConditionExpression"] = "#pk = :pk"
    elif query.sort.by_date:
        names["#sk"] = SORT_KEY
        values[":pk"], values[":media"] = S(owner_pk(owner)), S("MEDIA#")
        arguments["KeyConditionExpression"] = "#pk = :pk AND begins_with(#sk, :media)"
    else:
        by_name = query.sort in {MediaSort.NAME, MediaSort.NAME_DESC}
        arguments["IndexName"] = NAME_INDEX if by_name else SIZE_INDEX
        position_key = NAME_KEY if by_name else SIZE_KEY
        values[":pk"] = S(owner_pk(owner))
        arguments["KeyConditionExpression"] = "#pk = :pk"

    if query.status is not None and not status_in_key:
        names["#status"] = "status"
        values[":status"] = S(query.status.value)
        filters.append("#status = :status")
    if query.kind is not None and not kind_in_key:
        names["#kind"] = "kind"
        values[":kind"] = S(query.kind.value)
        filters.append("#kind = :kind")
    if query.tag is not None:
        names["#tags"] = "tags"
        values[":tag"] = S(query.tag)
        filters.append("contains(#tags, :tag)")
    if query.search is not None:
        names["#name"] = NAME_KEY
        values[":search"] = S(query.search)
        filters.append("contains(#name, :search)")

    arguments["ExpressionAttributeNames"] = names
    arguments["ExpressionAttributeValues"] = values
    arguments["FilterExpression"] = " AND ".join(filters)
    return Plan(arguments, filtered=len(filters) > 1, start=start, position_key=position_key)


def cursor_at(key: dict[str, Any], plan: Plan) -> str:
    """The cursor of a page starting after a LastEvaluatedKey of `plan`'s Query."""
    media_id = str(codec.deserialize(key[SORT_KEY])).removeprefix("MEDIA#")
    if plan.position_key is None:
        return encode_cursor(media_id)
    value = codec.deserialize(key[plan.position_key])
    return encode_cursor(media_id, int(value) if plan.position_key == SIZE_KEY else str(value))


def _position_value(position_key: str, position: Position | None) -> Any:
    if position_key == SIZE_KEY and isinstance(position, int):
        return S(position)
    if position_key == NAME_KEY and isinstance(position, str):
        return S(position)
    raise InvalidRequest(
        "The cursor is of a list in another order; start again from the first page.", ErrorCode.BAD_CURSOR
    )
