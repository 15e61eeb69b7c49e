"""AuditEntry <-> DynamoDB record, and the Put that stores one (alone, or inside the transaction of
the action it records)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.adapters import media_codec as codec
from app.adapters.table_schema import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE, audit_sk, owner_pk
from app.domain.audit import AuditAction, AuditEntry


def to_record(entry: AuditEntry) -> dict[str, Any]:
    plain: dict[str, Any] = {
        PARTITION_KEY: owner_pk(entry.owner),
        SORT_KEY: audit_sk(entry.id),
        "owner": entry.owner,
        "id": entry.id,
        "at": codec.iso(entry.at),
        "action": entry.action.value,
        "mediaId": entry.media_id,
        "who": entry.who,
        # The table's one TTL attribute: DynamoDB removes the entry once its retention has passed.
        TTL_ATTRIBUTE: codec.epoch(entry.expires_at),
    }
    if entry.detail is not None:
        plain["detail"] = entry.detail
    return {name: codec.serialize(value) for name, value in plain.items()}


def from_record(record: dict[str, Any]) -> AuditEntry:
    plain = {name: codec.deserialize(value) for name, value in record.items()}
    return AuditEntry(
        owner=plain["owner"],
        id=plain["id"],
        at=datetime.fromisoformat(plain["at"]),
        action=AuditAction(plain["action"]),
        media_id=plain["mediaId"],
        who=plain["who"],
        detail=plain.get("detail"),
        expires_at=datetime.fromtimestamp(int(plain[TTL_ATTRIBUTE]), UTC),
    )


def put(table: str, entry: AuditEntry) -> dict[str, Any]:
    """The entry's PutItem, as UpdateItem's sibling in TransactWriteItems takes it. An entry is
    written once: an id that exists already is refused, never overwritten."""
    return {
        "TableName": table,
        "Item": to_record(entry),
        "ConditionExpression": "attribute_not_exists(#pk)",
        "ExpressionAttributeNames": {"#pk": PARTITION_KEY},
    }
