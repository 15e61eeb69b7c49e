"""The media table's keys and indexes: one source of truth for the repository, the embedded stack
and (through a contract test) the Pulumi table component.

    pk = OWNER#{owner}                 sk = MEDIA#{id}          (ids are ULIDs: sk order is time order)
    gsi1pk = OWNER#{owner}#{status}    sk                       index "by-status", newest first
    pk = OWNER#{owner}                 sk = USAGE               the owner's usage counters
    pk = OWNER#{owner}                 sk = BUDGET#{name}       a rate-limit bucket (dynamodb_budget.py)
    pk = OWNER#{owner}                 sk = AUDIT#{ulid}        an audit entry (audit_codec.py), newest last
    expiresAt                          TTL for uploads that never arrive, and for audit entries
"""

from __future__ import annotations

from typing import Any

PARTITION_KEY = "pk"
SORT_KEY = "sk"
STATUS_INDEX = "by-status"
STATUS_INDEX_KEY = "gsi1pk"
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


def status_pk(owner: str, status: str) -> str:
    return f"OWNER#{owner}#{status}"


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
        ],
        "KeySchema": [
            {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": STATUS_INDEX,
                "KeySchema": [
                    {"AttributeName": STATUS_INDEX_KEY, "KeyType": "HASH"},
                    {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
