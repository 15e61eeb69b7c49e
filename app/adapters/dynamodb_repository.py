"""The media table on DynamoDB. Every status change is one conditional UpdateItem, so duplicate,
late or concurrent events can never move an item backwards or finish it twice; none applies to an
item whose deletion has begun (`DELETING_SINCE`), and reads leave such items out. A change that also
changes what the owner stores or spends (app/domain/usage.py) is the same conditional write and an
ADD to the owner's usage record, in one transaction: both happen, or neither.

Each write that changes the item records its event (app/domain/history.py) in that same UpdateItem:
`SET history.#slot = :entry, historySeq = :seq`, the slot being the event's seq modulo SLOTS, so the
record holds at most SLOTS entries and the oldest is overwritten. The slot must be known before the
write, so the write conditions on the seq it was computed from (`historySeq = :seen`); a write refused
because another event landed meanwhile is computed again from the item read again (`_record`), and
a write its guard refuses writes nothing, its event included."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.adapters import audit_codec, media_listing
from app.adapters import media_codec as codec
from app.adapters.aws import dynamodb_client
from app.adapters.guard_conditions import condition
from app.adapters.table_schema import (
    AUDIT_PREFIX,
    NAME_KEY,
    PARTITION_KEY,
    SORT_KEY,
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
from app.domain.errors import ErrorCode
from app.domain.history import (
    Event,
    HistoryEntry,
    claim_event,
    entry,
    finished_detail,
    last_seq,
    recorded,
    slot,
)
from app.domain.listing import ALL, MediaQuery, cursor_of, name_key
from app.domain.models import ItemError, MediaItem, MediaStatus, Outcome, Page, Processed
from app.domain.status import (
    ABANDON,
    CLAIM_AGAIN,
    CLAIM_ARRIVAL,
    COMPLETE,
    MARK_UPLOADED,
    RELEASE,
    REOPEN,
    REPROCESS,
    Guard,
)
from app.domain.usage import Compute, KindUsage, Usage, arrival, attempt, removal, replaced_outputs

if TYPE_CHECKING:
    from datetime import datetime

    from mypy_boto3_dynamodb import DynamoDBClient

S = codec.serialize
DELETING_SINCE = codec.DELETING_SINCE
NOT_DELETING = f"attribute_not_exists({DELETING_SINCE})"
# How many times a write is computed again after other events landed first: each retry means
# another write won, so a few are plenty (an item has one worker and a rare retryProcessing).
RACES = 5


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

    def list(self, owner: str, *, limit: int, after: str | None, query: MediaQuery = ALL) -> Page:
        """One Query on the index that gives `query` its order (app/adapters/media_listing.py); a
        short page is topped up, reading at most MAX_READS times."""
        plan = media_listing.plan(owner, query)
        arguments: dict[str, Any] = {"TableName": self._table, **plan.arguments}
        if after is not None:
            arguments["ExclusiveStartKey"] = plan.start_key(owner, after)
        # One more than asked tells whether another page follows.
        records: list[dict[str, Any]] = []
        last_key: dict[str, Any] | None = None
        for _ in range(media_listing.MAX_READS):
            wanted = limit + 1 - len(records)
            step = max(wanted, media_listing.FILTERED_STEP) if plan.filtered else wanted
            response = self._db.query(**arguments, Limit=step)
            records.extend(response.get("Items", []))
            last_key = response.get("LastEvaluatedKey")
            if last_key is None or len(records) > limit:
                break
            arguments["ExclusiveStartKey"] = last_key
        items = [codec.from_record(r) for r in records[:limit]]
        if len(records) > limit:
            end_cursor: str | None = cursor_of(items[-1], query.sort)
        elif last_key is not None:  # stopped reading before the end: go on from where it stopped
            end_cursor = media_listing.cursor_at(last_key, plan)
        else:
            end_cursor = None
        return Page(items=items, end_cursor=end_cursor)

    # --- writes ------------------------------------------------------------------------------

    def create(self, item: MediaItem) -> MediaItem:
        created = recorded(
            item, entry(item, Event.CREATED, at=item.created_at, status=item.status, attempt=item.attempt)
        )
        self._db.put_item(
            TableName=self._table,
            Item=codec.to_record(created),
            ConditionExpression="attribute_not_exists(#pk)",
            ExpressionAttributeNames={"#pk": PARTITION_KEY},
        )
        return created

    def claim(self, owner: str, media_id: str, *, now: datetime, lease_until: datetime) -> MediaItem | None:
        return self._record(
            owner, media_id, None, lambda seen: self._claim(seen, now=now, lease_until=lease_until)
        )

    def _claim(self, seen: MediaItem, *, now: datetime, lease_until: datetime) -> MediaItem | None:
        """The upload's arrival (from AWAITING_UPLOAD) counts it in the owner's usage; a reclaim of a
        lapsed lease or an exhausted item does not. The item as read picks which to try; the table's
        condition decides (a branch chosen from a stale read fails and is tried again by `_record`)."""
        arriving = CLAIM_ARRIVAL.admits(seen, now=now)
        guard = CLAIM_ARRIVAL if arriving else CLAIM_AGAIN
        status = guard.target(MediaStatus.PROCESSING)
        claimed = entry(
            seen, claim_event(seen, arriving=arriving), at=now, status=status, attempt=seen.attempt + 1
        )
        write = self._write(
            seen,
            sets="#status = :status, #gpk = :gpk, attempt = if_not_exists(attempt, :zero) + :one, "
            "leaseExpiresAt = :lease, updatedAt = :now",
            removes="#ttl, #error",
            event=claimed,
            guard=guard,
            now=now,
            names={"#status": "status", "#gpk": STATUS_INDEX_KEY, "#ttl": TTL_ATTRIBUTE, "#error": "error"},
            values={
                ":status": S(status.value),
                ":gpk": S(status_pk(seen.owner, status.value)),
                ":zero": S(0),
                ":one": S(1),
                ":lease": S(codec.epoch(lease_until)),
                ":now": S(codec.iso(now)),
            },
        )
        if not arriving:
            return self._apply(write)
        if not self._transact([{"Update": write}, self._count(seen, arrival(seen))]):
            return None
        return self.get(seen.owner, seen.id)

    def complete(
        self, item: MediaItem, outcome: Outcome, *, now: datetime, compute: Compute | None = None
    ) -> bool:
        done = self._record(
            item.owner,
            item.id,
            item,
            lambda seen: self._complete(item, seen, outcome, now=now, compute=compute),
        )
        return done is not None

    def _complete(
        self, item: MediaItem, seen: MediaItem, outcome: Outcome, *, now: datetime, compute: Compute | None
    ) -> bool | None:
        spent = attempt(compute or Compute(ms=0, memory_mb=0), replaced_outputs(seen, outcome))
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
        finished = entry(
            seen,
            Event.FINISHED,
            at=now,
            status=status,
            attempt=item.attempt,
            code=None if isinstance(outcome, Processed) else outcome.error.code,
            detail=finished_detail(outcome),
        )
        write = self._write(
            seen,
            sets=f"#status = :status, #gpk = :gpk, updatedAt = :now, {sets}",
            removes=removes,
            event=finished,
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
            applied = self._apply(write) is not None
        else:
            applied = self._transact([{"Update": write}, self._count(item, spent)])
        return applied or None

    def release(self, item: MediaItem, *, now: datetime, code: ErrorCode | None = None) -> None:
        def give_back(seen: MediaItem) -> MediaItem | None:
            released = entry(
                seen, Event.RELEASED, at=now, status=seen.status, attempt=item.attempt, code=code
            )
            return self._apply(
                self._write(
                    seen,
                    sets="leaseExpiresAt = :nowEpoch",
                    event=released,
                    guard=RELEASE,
                    now=now,
                    attempt=item.attempt,
                    names={},
                    values={":nowEpoch": S(codec.epoch(now))},
                )
            )

        self._record(item.owner, item.id, item, give_back)

    def reopen(
        self, owner: str, media_id: str, *, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        return self._requeue(owner, media_id, REOPEN, Event.REOPENED, now=now, audit=audit)

    def reprocess(
        self, owner: str, media_id: str, *, preset: str, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        return self._requeue(
            owner, media_id, REPROCESS, Event.REPROCESSED, now=now, audit=audit, preset=preset
        )

    def _requeue(
        self,
        owner: str,
        media_id: str,
        guard: Guard,
        event: Event,
        *,
        now: datetime,
        audit: AuditEntry | None,
        preset: str | None = None,
    ) -> MediaItem | None:
        """PROCESSING with a lapsed lease, for the job queued next to claim at once (retry and
        reprocess); with `preset`, the item's preset changes in the same write."""
        status = guard.target(MediaStatus.PROCESSING)

        def requeue(seen: MediaItem) -> MediaItem | None:
            sets = "#status = :status, #gpk = :gpk, leaseExpiresAt = :nowEpoch, updatedAt = :now"
            values = {
                ":status": S(status.value),
                ":gpk": S(status_pk(owner, status.value)),
                ":nowEpoch": S(codec.epoch(now)),
                ":now": S(codec.iso(now)),
            }
            if preset is not None:
                sets += ", preset = :preset"
                values[":preset"] = S(preset)
            write = self._write(
                seen,
                sets=sets,
                event=entry(seen, event, at=now, status=status, attempt=seen.attempt, detail=preset or ""),
                guard=guard,
                now=now,
                names={"#status": "status", "#gpk": STATUS_INDEX_KEY},
                values=values,
            )
            if audit is None:
                return self._apply(write)
            # Both or neither. A transaction returns no item: read it back (consistently), as `claim` does.
            if not self._transact([{"Update": write}, {"Put": audit_codec.put(self._table, audit)}]):
                return None
            return self.get(owner, media_id)

        return self._record(owner, media_id, None, requeue)

    def mark_uploaded(self, owner: str, media_id: str, *, now: datetime) -> bool:
        # Not a status change, so updatedAt stays: clients see nothing new (but the history does).
        def uploaded(seen: MediaItem) -> MediaItem | None:
            return self._apply(
                self._write(
                    seen,
                    sets="",
                    removes="#ttl",
                    event=entry(seen, Event.UPLOADED, at=now, status=seen.status, attempt=seen.attempt),
                    guard=MARK_UPLOADED,
                    names={"#ttl": TTL_ATTRIBUTE},
                    values={},
                )
            )

        return self._record(owner, media_id, None, uploaded) is not None

    def abandon(self, owner: str, media_id: str, error: ItemError, *, now: datetime) -> bool:
        status = ABANDON.target(MediaStatus.FAILED)

        def abandon(seen: MediaItem) -> MediaItem | None:
            abandoned = entry(
                seen,
                Event.ABANDONED,
                at=now,
                status=status,
                attempt=seen.attempt,
                code=error.code,
                detail=error.message,
            )
            return self._apply(
                self._write(
                    seen,
                    sets="#status = :status, #gpk = :gpk, #error = :error, updatedAt = :now",
                    removes="leaseExpiresAt, #ttl",
                    event=abandoned,
                    guard=ABANDON,
                    now=now,
                    names={
                        "#status": "status",
                        "#gpk": STATUS_INDEX_KEY,
                        "#error": "error",
                        "#ttl": TTL_ATTRIBUTE,
                    },
                    values={
                        ":status": S(status.value),
                        ":gpk": S(status_pk(owner, status.value)),
                        ":error": S(codec.error_value(error)),
                        ":now": S(codec.iso(now)),
                    },
                )
            )

        return self._record(owner, media_id, None, abandon) is not None

    def update_details(
        self,
        owner: str,
        media_id: str,
        *,
        filename: str | None,
        tags: tuple[str, ...] | None,
        now: datetime,
    ) -> MediaItem | None:
        sets, removes = ["updatedAt = :now"], []
        names = {"#pk": PARTITION_KEY}
        values: dict[str, Any] = {":now": S(codec.iso(now))}
        if filename is not None:
            sets += ["#filename = :filename", "#nameKey = :nameKey"]  # the name and how it sorts
            names |= {"#filename": "filename", "#nameKey": NAME_KEY}
            values |= {":filename": S(filename), ":nameKey": S(name_key(filename))}
        if tags is not None:
            names["#tags"] = "tags"
            if tags:
                sets.append("#tags = :tags")
                values[":tags"] = S(list(tags))
            else:
                removes.append("#tags")
        try:
            response = self._db.update_item(
                TableName=self._table,
                Key=_key(owner, media_id),
                UpdateExpression=f"SET {', '.join(sets)}"
                + (f" REMOVE {', '.join(removes)}" if removes else ""),
                ConditionExpression=f"attribute_exists(#pk) AND {NOT_DELETING}",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        return codec.from_record(response["Attributes"])

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

    def _record[R](
        self, owner: str, media_id: str, seen: MediaItem | None, write: Callable[[MediaItem], R | None]
    ) -> R | None:
        """`write` computed from the item as last seen (`seen`, else read now), and again from the
        item read again while its refusal was another event landing first rather than its guard.
        None when the guard refused, the item is gone or its deletion has begun."""
        current = seen if seen is not None else self.get(owner, media_id)
        for _ in range(RACES):
            if current is None:
                return None
            result = write(current)
            if result is not None:
                return result
            again = self.get(owner, media_id)
            if again is None or last_seq(again) == last_seq(current):
                return None  # nothing else was recorded: the guard (or the deletion) refused it
            current = again
        return None

    def _write(
        self,
        seen: MediaItem,
        *,
        sets: str,
        removes: str = "",
        event: HistoryEntry,
        guard: Guard,
        now: datetime | None = None,
        attempt: int | None = None,
        names: dict[str, str],
        values: dict[str, Any],
    ) -> dict[str, Any]:
        """An update of an existing item whose deletion has not begun, under `guard` (rendered from
        app/domain/status.py), recording `event` (computed from `seen`), as UpdateItem and
        TransactWriteItems both take it. `now` is needed only by guards that ask whether a lease
        ran out."""
        rules = condition(guard, now=now, attempt=attempt)
        history = _history(seen, event)
        update = f"SET {', '.join(part for part in (sets, history.expression) if part)}"
        if removes:
            update += f" REMOVE {removes}"
        expression = (
            f"attribute_exists(#pk) AND {NOT_DELETING} AND {history.condition} AND ({rules.expression})"
        )
        # DynamoDB refuses names and values an expression does not use: keep only the used ones.
        used = set(re.findall(r"[#:]\w+", update + " " + expression))
        all_names = {**names, **history.names, **rules.names, "#pk": PARTITION_KEY}
        all_values = {**values, **history.values, **rules.values}
        return {
            "TableName": self._table,
            "Key": _key(seen.owner, seen.id),
            "UpdateExpression": update,
            "ConditionExpression": expression,
            "ExpressionAttributeNames": {k: v for k, v in all_names.items() if k in used},
            "ExpressionAttributeValues": {k: v for k, v in all_values.items() if k in used},
        }

    def _apply(self, write: dict[str, Any]) -> MediaItem | None:
        try:
            response = self._db.update_item(**write, ReturnValues="ALL_NEW")
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        return codec.from_record(response["Attributes"])


@dataclass(frozen=True, slots=True)
class _HistoryWrite:
    expression: str  # the SET clauses
    condition: str  # the seq the entry was numbered after is still the item's
    names: dict[str, str]
    values: dict[str, Any]


def _history(seen: MediaItem, event: HistoryEntry) -> _HistoryWrite:
    """The SET of `event` into its slot and of the item's seq, on the condition that no other event
    was recorded since `seen`. An item without history (stored before it existed) has no map to set
    a slot in, so its first event sets the whole map; one update may not touch `history` and
    `history.#slot` both."""
    names = {"#history": codec.HISTORY, "#historySeq": codec.HISTORY_SEQ}
    values: dict[str, Any] = {":historySeq": S(event.seq)}
    seq = "#historySeq = :historySeq"
    if last_seq(seen) == 0:
        values[":history"] = S({slot(event.seq): codec.entry_value(event)})
        return _HistoryWrite(
            f"#history = :history, {seq}", "attribute_not_exists(#historySeq)", names, values
        )
    names["#historySlot"] = slot(event.seq)
    values[":historyEntry"] = S(codec.entry_value(event))
    values[":historySeen"] = S(last_seq(seen))
    return _HistoryWrite(
        f"#history.#historySlot = :historyEntry, {seq}", "#historySeq = :historySeen", names, values
    )


def _key(owner: str, media_id: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(media_sk(media_id))}


def _audit_key(owner: str, entry_id: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(audit_sk(entry_id))}


def _usage_key(owner: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(owner_pk(owner)), SORT_KEY: S(usage_sk())}
