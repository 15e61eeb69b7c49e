"""The media table's keys and indexes: one source of truth for the repository, the embedded stack
and (through a contract test) the Pulumi table component.

    pk = OWNER#{owner}                 sk = MEDIA#{id}          (ids are ULIDs: sk order is time order)
    gsi1pk = OWNER#{owner}#{status}    sk                       index "by-status", in time order
    gsi2pk = OWNER#{owner}#KIND#{kind} sk                       index "by-kind", in time order
    pk                                 nameKey (S)              index "by-name": names without case
    pk                                 size (N)                 index "by-size"
    pk = OWNER#{owner}                 sk = USAGE               the owner's usage counters
    pk = OWNER#{owner}                 sk = BUDGET#{name}       a rate-limit bucket (dynamodb_budget.py)
    pk = OWNER#{owner}                 sk = AUDIT#{ulid}        an audit entry (audit_codec.py), newest last
    pk = OWNER#{owner}                 sk = WEBHOOK#{id}        a webhook endpoint (webhook_codec.py)
    pk = OWNER#{owner}                 sk = DELIVERY#{msg_id}   a webhook delivery; its id sorts by time
    expiresAt                          TTL for uploads that never arrive, audit entries and deliveries

Only `MEDIA#` records are media items: the notifier skips every other record of the stream, so the
webhooks' own writes never make an event.
"""

from __future__ import annotations

from typing import Any

PARTITION_KEY = "pk"
SORT_KEY = "sk"
STATUS_INDEX = "by-status"
STATUS_INDEX_KEY = "gsi1pk"
KIND_INDEX = "by-kind"
KIND_INDEX_KEY = "gsi2pk"
NAME_INDEX = "by-name"
NAME_KEY = "nameKey"
SIZE_INDEX = "by-size"
SIZE_KEY = "size"
TTL_ATTRIBUTE = "expiresAt"


def owner_pk(owner: str) -> str:
    return f"OWNER#{owner}"


def media_sk(media_id: str) -> str:
    return f"MEDIA#{media_id}"


def usage_sk() -> str:
    """The owner's usage record, beside their items (never matched by `begins_with(sk, "MEDIA#")`)."""
    return "USAGE"


def budget_sk(name: str) -> str:
    """A rate-limit bucket of the owner's, beside their items (never matched as an item either)."""
    return f"BUDGET#{name}"


AUDIT_PREFIX = "AUDIT#"


def audit_sk(entry_id: str) -> str:
    """An audit entry of the owner's, beside their items (never matched by `begins_with(sk, "MEDIA#")`,
    and without a `gsi1pk`, so never in the status index either)."""
    return f"{AUDIT_PREFIX}{entry_id}"


WEBHOOK_PREFIX = "WEBHOOK#"
DELIVERY_PREFIX = "DELIVERY#"


def webhook_sk(webhook_id: str) -> str:
    """An owner's webhook endpoint, beside their items (no `gsi1pk`: never in the status index)."""
    return f"{WEBHOOK_PREFIX}{webhook_id}"


def delivery_sk(delivery_id: str) -> str:
    """One delivery of an owner's webhook event (its id is a time-ordered ULID after `msg_`)."""
    return f"{DELIVERY_PREFIX}{delivery_id}"


def status_pk(owner: str, status: str) -> str:
    return f"OWNER#{owner}#{status}"


def kind_pk(owner: str, kind: str) -> str:
    return f"OWNER#{owner}#KIND#{kind}"


# Each change to the table, with the item before and after it, feeds the notifier (live updates
# and webhooks): the stream is part of the table's contract.
STREAM_VIEW = "NEW_AND_OLD_IMAGES"


def create_table_arguments(table_name: str) -> dict[str, Any]:
    """Keyword arguments for DynamoDB CreateTable (on-demand billing)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": STREAM_VIEW},
        "AttributeDefinitions": [
            {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": SORT_KEY, "AttributeType": "S"},
            {"AttributeName": STATUS_INDEX_KEY, "AttributeType": "S"},
            {"AttributeName": KIND_INDEX_KEY, "AttributeType": "S"},
            {"AttributeName": NAME_KEY, "AttributeType": "S"},
            {"AttributeName": SIZE_KEY, "AttributeType": "N"},
        ],
        "KeySchema": [
            {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
        ],
        # Only media records have these keys, so only they are in the indexes (usage, audit and
        # webhook records share the partition but not the attributes).
        "GlobalSecondaryIndexes": [
            _index(STATUS_INDEX, STATUS_INDEX_KEY, SORT_KEY),
            _index(KIND_INDEX, KIND_INDEX_KEY, SORT_KEY),
            _index(NAME_INDEX, PARTITION_KEY, NAME_KEY),
            _index(SIZE_INDEX, PARTITION_KEY, SIZE_KEY),
        ],
    }


def _index(name: str, hash_key: str, range_key: str) -> dict[str, Any]:
    return {
        "IndexName": name,
        "KeySchema": [
            {"AttributeName": hash_key, "KeyType": "HASH"},
            {"AttributeName": range_key, "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    }
