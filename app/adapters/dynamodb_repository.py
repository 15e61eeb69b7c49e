"""The media table on DynamoDB. Every status change is one conditional UpdateItem, so duplicate,
late or concurrent events can never move an item backwards or finish it twice; none applies to an
item whose deletion has begun (`DELETING_SINCE`), and reads leave such items out. A change that also
changes what the owner stores or spends (app/domain/usage.py) is the same conditional write and an
ADD to the owner's usage record, in one transaction: both happen, or neither."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.adapters import audit_codec
from app.adapters import media_codec as codec
from app.adapters.aws import dynamodb_client
from app.adapters.guard_conditions import condition
from app.adapters.table_schema import (
    AUDIT_PREFIX,
    PARTITION_KEY,
    SORT_KEY,
    STATUS_INDEX,
    STATUS_INDEX_KEY,
    TTL_ATTRIBUTE,
    audit_sk,
    media_sk,
    owner_pk,
    status_pk,
    usage_sk,
)
from app.domain.audit import AuditEntry, AuditPage
from app.domain.cursors import decode_cursor, encode_cursor
from app.domain.models import ItemError, MediaItem, MediaStatus, Outcome, Page, Processed
from app.domain.status import (
    ABANDON,
    CLAIM_AGAIN,
    CLAIM_ARRIVAL,
    COMPLETE,
    MARK_UPLOADED,
    RELEASE,
    REOPEN,
    Guard,
)
from app.domain.usage import Compute, KindUsage, Usage, arrival, attempt, removal

if TYPE_CHECKING:
    from datetime import datetime

    from mypy_boto3_dynamodb import DynamoDBClient

S = codec.serialize
DELETING_SINCE = codec.DELETING_SINCE
NOT_DELETING = f"attribute_not_exists({DELETING_SINCE})"


class DynamoMediaRepository:
    def __init__(self, table_name: str, client: DynamoDBClient | None = None) -> None:
        self._table = table_name
        self._client = client

    @property
    def _db(self) -> DynamoDBClient:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    # --- reads -------------------------------------------------------------------------------

    def get(self, owner: str, media_id: str) -> MediaItem | None:
        found = self._db.get_item(TableName=self._table, Key=_key(owner, media_id), ConsistentRead=True)
        record = found.get("Item")
        return codec.from_record(record) if record else None

    def list(self, owner: str, *, limit: int, after: str | None, status: MediaStatus | None) -> Page:
        query: dict[str, Any] = {"TableName": self._table, "ScanIndexForward": False}
        if status is None:
            query["KeyConditionExpression"] = "#pk = :pk AND begins_with(#sk, :media)"
            query["ExpressionAttributeNames"] = {"#pk": PARTITION_KEY, "#sk": SORT_KEY}
            query["ExpressionAttributeValues"] = {":pk": S(owner_pk(owner)), ":media": S("MEDIA#")}
        else:
            query["IndexName"] = STATUS_INDEX
            query["KeyConditionExpression"] = "#gpk = :gpk"
            query["ExpressionAttributeNames"] = {"#gpk": STATUS_INDEX_KEY}
            query["ExpressionAttributeValues"] = {":gpk": S(status_pk(owner, status.value))}
        # Items being deleted are gone for the caller; a short page is topped up by the loop below.
        query["FilterExpression"] = NOT_DELETING
        if after is not None:
            start = _key(owner, decode_cursor(after))
            if status is not None:
                start[STATUS_INDEX_KEY] = S(status_pk(owner, status.value))
            query["ExclusiveStartKey"] = start

        # One more than asked tells whether another page follows.
        records: list[dict[str, Any]] = []
        while len(records) <= limit:
            response = self._db.query(**query, Limit=limit + 1 - len(records))
            records.extend(response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                break
            query["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        items = [codec.from_record(r) for r in records[:limit]]
        more = len(records) > limit
        return Page(items=items, end_cursor=encode_cursor(items[-1].id) if more and items else None)

    # --- writes ------------------------------------------------------------------------------

    def create(self, item: MediaItem) -> None:
        self._db.put_item(
            TableName=self._table,
            Item=codec.to_record(item),
            ConditionExpression="attribute_not_exists(#pk)",
            ExpressionAttributeNames={"#pk": PARTITION_KEY},
        )

    def claim(self, owner: str, media_id: str, *, now: datetime, lease_until: datetime) -> MediaItem | None:
        """The upload's arrival (from AWAITING_UPLOAD) counts it in the owner's usage; a reclaim of a
        lapsed lease or an exhausted item does not. So the first branch is tried on its own first."""
        arrived = self._claim(owner, media_id, now=now, lease_until=lease_until, arriving=True)
        return arrived or self._claim(owner, media_id, now=now, lease_until=lease_until, arriving=False)

    def _claim(
        self, owner: str, media_id: str, *, now: datetime, lease_until: datetime, arriving: bool
    ) -> MediaItem | None:
        guard = CLAIM_ARRIVAL if arriving else CLAIM_AGAIN
        status = guard.target(MediaStatus.PROCESSING)
        write = self._write(
            owner,
            media_id,
            update="SET #status = :status, #gpk = :gpk, attempt = if_not_exists(attempt, :zero) + :one, "
            "leaseExpiresAt = :lease, updatedAt = :now REMOVE #ttl, #error",
            guard=guard,
            now=now,
            names={"#status": "status", "#gpk": STATUS_INDEX_KEY, "#ttl": TTL_ATTRIBUTE, "#error": "error"},
            values={
                ":status": S(status.value),
                ":gpk": S(status_pk(owner, status.value)),
                ":zero": S(0),
                ":one": S(1),
                ":lease": S(codec.epoch(lease_until)),
                ":now": S(codec.iso(now)),
            },
        )
        if not arriving:
            return self._apply(write)
        before = self.get(owner, media_id)  # its size and kind are what arrives
        if before is None or not self._transact([{"Update": write}, self._count(before, arrival(before))]):
            return None
        return self.get(owner, media_id)

    def complete(
        self, item: MediaItem, outcome: Outcome, *, now: datetime, compute: Compute | None = None
    ) -> bool:
        outputs = sum(v.bytes for v in outcome.variants) if isinstance(outcome, Processed) else 0
        spent = attempt(compute or Compute(ms=0, memory_mb=0), outputs)
        if isinstance(outcome, Processed):
            status = COMPLETE.target(MediaStatus.READY)
            sets = "variants = :variants, metadata = :metadata"
            values = {
                ":variants": S(codec.variants_value(outcome.variants)),
                ":metadata": S(json.dumps(outcome.metadata)),
            }
            if outcome.blurhash is not None:
                sets += ", blurhash = :blurhash"
                values[":blurhash"] = S(outcome.blurhash)
            if outcome.dominant_color is not None:
                sets += ", dominantColor = :dominantColor"
                values[":dominantColor"] = S(outcome.dominant_color)
            removes = "leaseExpiresAt, #error"
        else:
            status = COMPLETE.target(outcome.status)
            sets = "#error = :error"
            values = {":error": S(codec.error_value(outcome.error))}
            removes = "leaseExpiresAt"
        write = self._write(
            item.owner,
            item.id,
            update=f"SET #status = :status, #gpk = :gpk, updatedAt = :now, {sets} REMOVE {removes}",
            guard=COMPLETE,
            now=now,
            attempt=item.attempt,
            names={"#status": "status", "#gpk": STATUS_INDEX_KEY, "#error": "error"},
            values={
                **values,
                ":status": S(status.value),
                ":gpk": S(status_pk(item.owner, status.value)),
                ":now": S(codec.iso(now)),
            },
        )
        if spent == KindUsage():
            return self._apply(write) is not None
        return self._transact([{"Update": write}, self._count(item, spent)])

    def release(self, item: MediaItem, *, now: datetime) -> None:
        self._update(
            item.owner,
            item.id,
            update="SET leaseExpiresAt = :nowEpoch",
            guard=RELEASE,
            now=now,
            attempt=item.attempt,
            names={},
            values={":nowEpoch": S(codec.epoch(now))},
        )

    def reopen(
        self, owner: str, media_id: str, *, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        status = REOPEN.target(MediaStatus.PROCESSING)
        return self._update(
            owner,
            media_id,
            update="SET #status = :status, #gpk = :gpk, leaseExpiresAt = :nowEpoch, updatedAt = :now",
            guard=REOPEN,
            now=now,
            names={"#status": "status", "#gpk": STATUS_INDEX_KEY},
            values={
                ":status": S(status.value),
                ":gpk": S(status_pk(owner, status.value)),
                ":nowEpoch": S(codec.epoch(now)),
                ":now": S(codec.iso(now)),
            },
            audit=audit,
        )

    def mark_uploaded(self, owner: str, media_id: str) -> bool:
        # Not a status change, so updatedAt stays: clients see nothing new.
        updated = self._update(
            owner,
            media_id,
            update="REMOVE #ttl",
            guard=MARK_UPLOADED,
            names={"#ttl": TTL_ATTRIBUTE},
            values={},
        )
        return updated is not None

    def abandon(self, owner: str, media_id: str, error: ItemError, *, now: datetime) -> bool:
        status = ABANDON.target(MediaStatus.FAILED)
        updated = self._update(
            owner,
            media_id,
            update="SET #status = :status, #gpk = :gpk, #error = :error, updatedAt = :now "
            "REMOVE leaseExpiresAt, #ttl",
            guard=ABANDON,
            now=now,
            names={"#status": "status", "#gpk": STATUS_INDEX_KEY, "#error": "error", "#ttl": TTL_ATTRIBUTE},
            values={
                ":status": S(status.value),
                ":gpk": S(status_pk(owner, status.value)),
                ":error": S(codec.error_value(error)),
                ":now": S(codec.iso(now)),
            },
        )
        return updated is not None

    def begin_delete(self, owner: str, media_id: str, *, now: datetime) -> MediaItem | None:
        # The TTL goes too: DynamoDB must not drop the item (and with it the retry) halfway.
        try:
            response = self._db.update_item(
                TableName=self._table,
                Key=_key(owner, media_id),
                UpdateExpression=f"SET {DELETING_SINCE} = if_not_exists({DELETING_SINCE}, :now) REMOVE #ttl",
                ConditionExpression="attribute_exists(#pk)",
                ExpressionAttributeNames={"#pk": PARTITION_KEY, "#ttl": TTL_ATTRIBUTE},
                ExpressionAttributeValues={":now": S(codec.iso(now))},
                ReturnValues="ALL_NEW",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        return codec.from_record(response["Attributes"])

    def delete(self, owner: str, media_id: str, *, audit: AuditEntry | None = None) -> MediaItem | None:
        """Remove the item and take back what it stored, with `audit`'s entry, in one transaction (a
        second call finds nothing, takes back nothing and records nothing)."""
        item = self.get(owner, media_id)
        if item is None:
            return None
        delete = {
            "Delete": {
                "TableName": self._table,
                "Key": _key(owner, media_id),
                "ConditionExpression": "attribute_exists(#pk) AND updatedAt = :seen",
                "ExpressionAttributeNames": {"#pk": PARTITION_KEY},
                "ExpressionAttributeValues": {":seen": S(codec.iso(item.updated_at))},
            }
        }
        taken_back = removal(item)
        writes = [delete] if taken_back == KindUsage() else [delete, self._count(item, taken_back)]
        if audit is not None:
            writes.append({"Put": audit_codec.put(self._table, audit)})
        if not self._transact(writes):
            return self.delete(owner, media_id, audit=audit)  # it changed meanwhile (or went): again
        return item

    # --- the audit log (app/domain/audit.py) ----------------------------------------------------

    def record_audit(self, entry: AuditEntry) -> None:
        self._db.put_item(**audit_codec.put(self._table, entry))

    def audit_log(self, owner: str, *, limit: int, after: str | None) -> AuditPage:
        query: dict[str, Any] = {
            "TableName": self._table,
            "ScanIndexForward": False,  # ULIDs: newest first
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :audit)",
            "ExpressionAttributeNames": {"#pk": PARTITION_KEY, "#sk": SORT_KEY},
            "ExpressionAttributeValues": {":pk": S(owner_pk(owner)), ":audit": S(AUDIT_PREFIX)},
            "Limit": limit + 1,  # one more than asked tells whether another page follows
        }
        if after is not None:
            query["ExclusiveStartKey"] = _audit_key(owner, decode_cursor(after))
        # No filter, so one query's Limit is the page: no topping up needed, unlike `list`.
        records = self._db.query(**query).get("Items", [])
        entries = [audit_codec.from_record(r) for r in records[:limit]]
        more = len(records) > limit
        return AuditPage(
            entries=entries, end_cursor=encode_cursor(entries[-1].id) if more and entries else None
        )

    def usage(self, owner: str) -> Usage:
        found = self._db.get_item(TableName=self._table, Key=_usage_key(owner), ConsistentRead=True)
        return codec.usage_from_record(found.get("Item") or {})

    def _count(self, item: MediaItem, change: KindUsage) -> dict[str, Any]:
        """The ADD of `change` to the usage record of the item's owner and kind (ADD starts a missing
        counter from zero)."""
        expression, names, values = codec.usage_increments(item.kind, change)
        return {
            "Update": {
                "TableName": self._table,
                "Key": _usage_key(item.owner),
                "UpdateExpression": expression,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    def _transact(self, writes: Sequence[dict[str, Any]]) -> bool:
        """All the writes or none; False when a condition did not hold."""
        try:
            self._db.transact_write_items(TransactItems=writes)  # type: ignore[arg-type]
        except self._db.exceptions.TransactionCanceledException as cancelled:
            reasons = cancelled.response.get("CancellationReasons", [])
            if any(r.get("Code") == "ConditionalCheckFailed" for r in reasons):
                return False
            raise
        return True

    def _update(
        self,
        owner: str,
        media_id: str,
        *,
        update: str,
        guard: Guard,
        now: datetime | None = None,
        attempt: int | None = None,
        names: dict[str, str],
        values: dict[str, Any],
        audit: AuditEntry | None = None,
    ) -> MediaItem | None:
        """One conditional UpdateItem; None when the guard does not hold, the item is gone or its
        deletion has begun. With `audit`, the update and the entry's Put in one transaction."""
        write = self._write(
            owner,
            media_id,
            update=update,
            guard=guard,
            now=now,
            attempt=attempt,
            names=names,
            values=values,
        )
        if audit is None:
            return self._apply(write)
        # A transaction returns no item: read it back (consistently) as `claim` does.
        if not self._transact([{"Update": write}, {"Put": audit_codec.put(self._table, audit)}]):
            return None
        return self.get(owner, media_id)

    def _write(
        self,
        owner: str,
        media_id: str,
        *,
        update: str,
        guard: Guard,
        now: datetime | None = None,
        attempt: int | None = None,
        names: dict[str, str],
        values: dict[str, Any],
    ) -> dict[str, Any]:
        """An update of an existing item whose deletion has not begun, under `guard` (rendered from
        app/domain/status.py), as UpdateItem and TransactWriteItems both take it. `now` is needed
        only by guards that ask whether a lease ran out."""
        rules = condition(guard, now=now, attempt=attempt)
        expression = f"attribute_exists(#pk) AND {NOT_DELETING} AND ({rules.expression})"
        # DynamoDB refuses names and values an expression does not use: keep only the used ones.
        used = set(re.findall(r"[#:]\w+", update + " " + expression))
        all_names = {**names, **rules.names, "#pk": PARTITION_KEY}
        return {
            "TableName": self._table,
            "Key": _key(owner, media_id),
            "UpdateExpression": update,
            "ConditionExpression": expression,
            "ExpressionAttributeNames": {k: v for k, v in all_names.items() if k in used},
            "ExpressionAttributeValues": {k: v for k, v in {**values, **rules.values}.items() if k in used},
        }

    def _apply(self, write: dict[str, Any]) -> MediaItem | None:
        try:
            response = self._db.update_item(**write, ReturnValues="ALL_NEW")
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        return codec.from_record(response["Attributes"])


def _key(owner: str, media_id: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(media_sk(media_id))}


def _audit_key(owner: str, entry_id: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(audit_sk(entry_id))}


def _usage_key(owner: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(usage_sk())}
