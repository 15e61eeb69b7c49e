"""MediaItem <-> DynamoDB record. Metadata is stored as a JSON string: it is never queried, and
DynamoDB numbers would turn every float into a Decimal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from app.adapters.table_schema import (
    KIND_INDEX_KEY,
    NAME_KEY,
    PARTITION_KEY,
    SORT_KEY,
    STATUS_INDEX_KEY,
    TTL_ATTRIBUTE,
    kind_pk,
    media_sk,
    owner_pk,
    status_pk,
)
from app.domain.errors import ErrorCode
from app.domain.history import Event, HistoryEntry, last_seq, slot
from app.domain.listing import name_key
from app.domain.models import ItemError, MediaItem, MediaKind, MediaStatus, Variant, VariantRole
from app.domain.usage import KindUsage, Usage

if TYPE_CHECKING:
    from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

# Present while an item's deletion is under way (see DynamoMediaRepository.begin_delete).
DELETING_SINCE = "deletingSince"
# The item's events, a map of at most history.SLOTS entries keyed by `slot(seq)`, and the newest
# one's seq: each write that records an event conditions on it (see DynamoMediaRepository._record).
HISTORY = "history"
HISTORY_SEQ = "historySeq"


# Importing anything of boto3 loads all of botocore (~0.15 s): the API's cold start must not pay it
# for a request that never reaches DynamoDB, so the (de)serialiser is made on first use.
@cache
def _serializer() -> TypeSerializer:
    from boto3.dynamodb.types import TypeSerializer

    return TypeSerializer()


@cache
def _deserializer() -> TypeDeserializer:
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def serialize(value: object) -> Any:
    return _serializer().serialize(value)


def deserialize(value: Any) -> Any:
    return _deserializer().deserialize(value)


def variants_value(variants: tuple[Variant, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": v.name,
            "format": v.format,
            "width": v.width,
            "height": v.height,
            "bytes": v.bytes,
            "key": v.key,
            "contentType": v.content_type,
            "role": v.role.value,
            "animated": v.animated,
            **_playable(v),
        }
        for v in variants
    ]


def _playable(variant: Variant) -> dict[str, Any]:
    """What only playable outputs have, stored only where it applies (DynamoDB keeps no nulls);
    a duration as the Decimal DynamoDB's numbers are (it refuses floats), exactly as written."""
    duration = Decimal(repr(variant.duration_s)) if variant.duration_s is not None else None
    facts = {"durationS": duration, "bitrate": variant.bitrate, "codecs": variant.codecs}
    return {name: value for name, value in facts.items() if value is not None}


def _variant(stored: dict[str, Any]) -> Variant:
    role, animated = _role_of(stored)
    return Variant(
        name=stored["name"],
        format=stored["format"],
        width=int(stored["width"]),
        height=int(stored["height"]),
        bytes=int(stored["bytes"]),
        key=stored["key"],
        content_type=stored["contentType"],
        role=role,
        animated=animated,
        duration_s=float(stored["durationS"]) if "durationS" in stored else None,
        bitrate=int(stored["bitrate"]) if "bitrate" in stored else None,
        codecs=stored.get("codecs"),
    )


def _role_of(stored: dict[str, Any]) -> tuple[VariantRole, bool]:
    """A variant's role and whether it moves; a variant stored before roles were is known by the
    names the pipeline gave (docs/media.md, "Outputs"), the one place names still mean anything."""
    if "role" in stored:
        return VariantRole(stored["role"]), bool(stored.get("animated", False))
    name = str(stored["name"])
    if name.startswith("poster-"):
        return VariantRole.POSTER, False
    legacy = {"preview": (VariantRole.PREVIEW, True), "waveform": (VariantRole.WAVEFORM, False)}
    return legacy.get(name, (VariantRole.IMAGE, name == "animated"))


def error_value(error: ItemError | None) -> dict[str, str] | None:
    return None if error is None else {"code": error.code.value, "message": error.message}


def entry_value(entry: HistoryEntry) -> dict[str, Any]:
    value: dict[str, Any] = {
        "seq": entry.seq,
        "at": iso(entry.at),
        "event": entry.event.value,
        "status": entry.status.value,
        "attempt": entry.attempt,
        "note": entry.note,
    }
    if entry.code is not None:
        value["code"] = entry.code.value
    return value


def _entry(value: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        seq=int(value["seq"]),
        at=datetime.fromisoformat(value["at"]),
        event=Event(value["event"]),
        status=MediaStatus(value["status"]),
        attempt=int(value["attempt"]),
        code=ErrorCode(value["code"]) if "code" in value else None,
        note=value["note"],
    )


def to_record(item: MediaItem) -> dict[str, Any]:
    plain: dict[str, Any] = {
        PARTITION_KEY: owner_pk(item.owner),
        SORT_KEY: media_sk(item.id),
        STATUS_INDEX_KEY: status_pk(item.owner, item.status.value),
        KIND_INDEX_KEY: kind_pk(item.owner, item.kind.value),
        NAME_KEY: name_key(item.filename),
        "owner": item.owner,
        "id": item.id,
        "filename": item.filename,
        "contentType": item.content_type,
        "kind": item.kind.value,
        "size": item.size,
        "preset": item.preset,
        "status": item.status.value,
        "createdAt": iso(item.created_at),
        "updatedAt": iso(item.updated_at),
        "attempt": item.attempt,
        "variants": variants_value(item.variants),
        "metadata": json.dumps(item.metadata),
    }
    if item.history:  # absent history and seq: an item with none (the repository's first write sets both)
        plain[HISTORY] = {slot(e.seq): entry_value(e) for e in item.history}
        plain[HISTORY_SEQ] = last_seq(item)
    if item.error is not None:
        plain["error"] = error_value(item.error)
    if item.blurhash is not None:
        plain["blurhash"] = item.blurhash
    if item.dominant_color is not None:
        plain["dominantColor"] = item.dominant_color
    if item.lease_expires_at is not None:
        plain["leaseExpiresAt"] = epoch(item.lease_expires_at)
    if item.expires_at is not None:
        plain[TTL_ATTRIBUTE] = epoch(item.expires_at)
    if item.deleting_since is not None:
        plain[DELETING_SINCE] = iso(item.deleting_since)
    if item.trace_id is not None:
        plain["traceId"] = item.trace_id
    if item.upload_id is not None:
        plain["uploadId"] = item.upload_id
    if item.tags:
        plain["tags"] = list(item.tags)
    return {name: serialize(value) for name, value in plain.items()}


def from_record(record: dict[str, Any]) -> MediaItem:
    plain = {name: _deserializer().deserialize(value) for name, value in record.items()}
    error = plain.get("error")
    return MediaItem(
        owner=plain["owner"],
        id=plain["id"],
        filename=plain["filename"],
        content_type=plain["contentType"],
        kind=MediaKind(plain["kind"]),
        size=int(plain["size"]),
        preset=plain["preset"],
        status=MediaStatus(plain["status"]),
        created_at=datetime.fromisoformat(plain["createdAt"]),
        updated_at=datetime.fromisoformat(plain["updatedAt"]),
        error=ItemError(ErrorCode(error["code"]), error["message"]) if error else None,
        variants=tuple(_variant(v) for v in plain.get("variants", [])),
        metadata=json.loads(plain.get("metadata") or "{}"),
        blurhash=plain.get("blurhash"),
        dominant_color=plain.get("dominantColor"),
        attempt=int(plain.get("attempt", 0)),
        lease_expires_at=_from_epoch(plain.get("leaseExpiresAt")),
        expires_at=_from_epoch(plain.get(TTL_ATTRIBUTE)),
        deleting_since=datetime.fromisoformat(plain[DELETING_SINCE]) if DELETING_SINCE in plain else None,
        # The slots wrap around: the order is the entries' own.
        history=tuple(sorted((_entry(v) for v in plain.get(HISTORY, {}).values()), key=lambda e: e.seq)),
        trace_id=plain.get("traceId"),
        upload_id=plain.get("uploadId"),
        tags=tuple(plain.get("tags", ())),
    )


def _from_epoch(value: object) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), UTC)  # type: ignore[call-overload]


# --- an owner's usage record (app/domain/usage.py): one number per kind and measure -----------------

_USAGE_FIELDS = ("items", "original_bytes", "output_bytes", "compute_ms", "compute_mb_ms")


def _usage_attribute(kind: MediaKind, measure: str) -> str:
    return f"{kind.value}.{measure}"


def usage_increments(kind: MediaKind, change: KindUsage) -> tuple[str, dict[str, str], dict[str, Any]]:
    """An UpdateExpression that ADDs `change` to `kind`'s counters, with its names and values."""
    parts, names, values = [], {}, {}
    for n, measure in enumerate(_USAGE_FIELDS):
        amount = getattr(change, measure)
        if amount:
            names[f"#u{n}"] = _usage_attribute(kind, measure)
            values[f":u{n}"] = serialize(int(amount))
            parts.append(f"#u{n} :u{n}")
    return "ADD " + ", ".join(parts), names, values


def usage_from_record(record: dict[str, Any]) -> Usage:
    plain = {name: _deserializer().deserialize(value) for name, value in record.items()}
    by_kind = {}
    for kind in MediaKind:
        numbers = {m: int(plain.get(_usage_attribute(kind, m), 0)) for m in _USAGE_FIELDS}
        if any(numbers.values()):
            by_kind[kind] = KindUsage(**numbers)
    return Usage(by_kind=MappingProxyType(by_kind))
