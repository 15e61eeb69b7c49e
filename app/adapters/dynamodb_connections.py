"""WebSocket connections and their subscriptions in the realtime table (app/adapters/realtime_schema.py)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.adapters.aws import dynamodb_client
from app.adapters.media_codec import epoch, serialize
from app.adapters.realtime_schema import (
    CONNECTION_SK,
    OWNER_INDEX,
    OWNER_INDEX_KEY,
    PARTITION_KEY,
    SORT_KEY,
    SUBSCRIPTION_PREFIX,
    TTL_ATTRIBUTE,
    connection_id_of,
    connection_pk,
    owner_key,
    subscription_sk,
)
from app.domain.live import CONNECTION_TTL, Connection, LiveSubscription

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient


S = serialize


class DynamoConnections:
    def __init__(self, table_name: str, client: DynamoDBClient | None = None) -> None:
        self._table = table_name
        self._client = client

    @property
    def _db(self) -> DynamoDBClient:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    def open(self, connection_id: str, *, now: datetime) -> None:
        self._db.put_item(
            TableName=self._table,
            Item={
                PARTITION_KEY: S(connection_pk(connection_id)),
                SORT_KEY: S(CONNECTION_SK),
                TTL_ATTRIBUTE: {"N": str(epoch(now + CONNECTION_TTL))},
            },
        )

    def get(self, connection_id: str) -> Connection | None:
        found = self._db.get_item(
            TableName=self._table, Key=_connection_key(connection_id), ConsistentRead=True
        ).get("Item")
        if found is None:
            return None
        return Connection(connection_id, found["owner"]["S"] if "owner" in found else None)

    def accept(self, connection_id: str, owner: str) -> bool:
        try:
            self._db.update_item(
                TableName=self._table,
                Key=_connection_key(connection_id),
                UpdateExpression="SET #owner = :owner",
                ConditionExpression="attribute_exists(#pk) AND attribute_not_exists(#owner)",
                ExpressionAttributeNames={"#owner": "owner", "#pk": PARTITION_KEY},
                ExpressionAttributeValues={":owner": S(owner)},
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def add(self, subscription: LiveSubscription, *, now: datetime) -> bool:
        document = {
            "query": subscription.query,
            "variables": subscription.variables,
            "operationName": subscription.operation_name,
        }
        item: dict[str, Any] = {
            PARTITION_KEY: S(connection_pk(subscription.connection_id)),
            SORT_KEY: S(subscription_sk(subscription.id)),
            OWNER_INDEX_KEY: S(owner_key(subscription.owner)),
            "owner": S(subscription.owner),
            "document": S(json.dumps(document, separators=(",", ":"))),
            TTL_ATTRIBUTE: {"N": str(epoch(now + CONNECTION_TTL))},
        }
        if subscription.media_id is not None:
            item["mediaId"] = S(subscription.media_id)
        try:
            self._db.put_item(
                TableName=self._table,
                Item=item,
                ConditionExpression="attribute_not_exists(#pk)",
                ExpressionAttributeNames={"#pk": PARTITION_KEY},
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def remove(self, connection_id: str, subscription_id: str) -> None:
        self._db.delete_item(
            TableName=self._table,
            Key={
                PARTITION_KEY: S(connection_pk(connection_id)),
                SORT_KEY: S(subscription_sk(subscription_id)),
            },
        )

    def close(self, connection_id: str) -> None:
        # The connection's rows are one partition: its record and its subscriptions.
        pages = self._db.get_paginator("query").paginate(
            TableName=self._table,
            KeyConditionExpression="#pk = :pk",
            ExpressionAttributeNames={"#pk": PARTITION_KEY, "#sk": SORT_KEY},
            ExpressionAttributeValues={":pk": S(connection_pk(connection_id))},
            ProjectionExpression="#pk, #sk",
        )
        for page in pages:
            for row in page.get("Items", []):
                self._db.delete_item(
                    TableName=self._table, Key={PARTITION_KEY: row[PARTITION_KEY], SORT_KEY: row[SORT_KEY]}
                )

    def following(self, owner: str) -> list[LiveSubscription]:
        pages = self._db.get_paginator("query").paginate(
            TableName=self._table,
            IndexName=OWNER_INDEX,
            KeyConditionExpression="#owner = :owner",
            ExpressionAttributeNames={"#owner": OWNER_INDEX_KEY},
            ExpressionAttributeValues={":owner": S(owner_key(owner))},
        )
        return [_subscription(row) for page in pages for row in page.get("Items", [])]


def _connection_key(connection_id: str) -> dict[str, Any]:
    return {PARTITION_KEY: S(connection_pk(connection_id)), SORT_KEY: S(CONNECTION_SK)}


def _subscription(row: dict[str, Any]) -> LiveSubscription:
    document = json.loads(row["document"]["S"])
    return LiveSubscription(
        connection_id=connection_id_of(row[PARTITION_KEY]["S"]),
        id=row[SORT_KEY]["S"].removeprefix(SUBSCRIPTION_PREFIX),
        owner=row["owner"]["S"],
        media_id=row["mediaId"]["S"] if "mediaId" in row else None,
        query=document["query"],
        variables=document.get("variables") or {},
        operation_name=document.get("operationName"),
    )
