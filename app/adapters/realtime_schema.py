"""The realtime table's keys and index: one source of truth for the connection store, the embedded
stack and (through a contract test) the Pulumi table component. WebSocket connections and their
subscriptions live here, apart from the media table, so that their churn never reaches the media
table's stream (which feeds the notifier).

    pk = CONN#{connectionId}   sk = CONN            the connection: who it is once `connection_init`
                                                    was accepted (`owner`), when it came
    pk = CONN#{connectionId}   sk = SUB#{id}        one subscription on it: its document, variables,
                                                    and the item it follows (or every item)
    ownerpk = OWNER#{owner}    sk                   index "by-owner": an owner's subscriptions, which
                                                    the notifier reads for each change
    expiresAt                                       TTL: a connection API Gateway dropped without
                                                    $disconnect (it keeps one at most 2 hours) goes
"""

from __future__ import annotations

from typing import Any

PARTITION_KEY = "pk"
SORT_KEY = "sk"
OWNER_INDEX = "by-owner"
OWNER_INDEX_KEY = "ownerpk"
TTL_ATTRIBUTE = "expiresAt"
CONNECTION_SK = "CONN"
SUBSCRIPTION_PREFIX = "SUB#"


CONNECTION_PREFIX = "CONN#"


def connection_pk(connection_id: str) -> str:
    return f"{CONNECTION_PREFIX}{connection_id}"


def connection_id_of(pk: str) -> str:
    return pk.removeprefix(CONNECTION_PREFIX)


def subscription_sk(subscription_id: str) -> str:
    return f"{SUBSCRIPTION_PREFIX}{subscription_id}"


def owner_key(owner: str) -> str:
    return f"OWNER#{owner}"


def create_realtime_table_arguments(table_name: str) -> dict[str, Any]:
    """Keyword arguments for DynamoDB CreateTable (on-demand billing)."""
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": PARTITION_KEY, "AttributeType": "S"},
            {"AttributeName": SORT_KEY, "AttributeType": "S"},
            {"AttributeName": OWNER_INDEX_KEY, "AttributeType": "S"},
        ],
        "KeySchema": [
            {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
            {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": OWNER_INDEX,
                "KeySchema": [
                    {"AttributeName": OWNER_INDEX_KEY, "KeyType": "HASH"},
                    {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
    }
