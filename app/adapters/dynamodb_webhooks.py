"""Webhooks and their deliveries in the media table (keys: table_schema.py). Creating either is a
conditional put, so an id is never reused and a stream record seen twice records one delivery."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.adapters import media_codec as codec
from app.adapters.aws import dynamodb_client
from app.adapters.table_schema import DELIVERY_PREFIX, PARTITION_KEY, SORT_KEY, WEBHOOK_PREFIX, owner_pk
from app.adapters.webhook_codec import (
    delivery_from_record,
    delivery_key,
    delivery_to_record,
    webhook_from_record,
    webhook_key,
    webhook_to_record,
)
from app.domain.webhooks import Delivery, Webhook

if TYPE_CHECKING:
    from datetime import datetime

    from mypy_boto3_dynamodb import DynamoDBClient

S = codec.serialize
EXISTS = "attribute_exists(#pk)"
NEW = "attribute_not_exists(#pk)"
PK_NAME = {"#pk": PARTITION_KEY}


class DynamoWebhookStore:
    def __init__(self, table_name: str, client: DynamoDBClient | None = None) -> None:
        self._table = table_name
        self._client = client

    @property
    def _db(self) -> DynamoDBClient:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    # --- endpoints ---------------------------------------------------------------------------

    def add_webhook(self, webhook: Webhook) -> None:
        self._db.put_item(
            TableName=self._table,
            Item=webhook_to_record(webhook),
            ConditionExpression=NEW,
            ExpressionAttributeNames=PK_NAME,
        )

    def get_webhook(self, owner: str, webhook_id: str) -> Webhook | None:
        found = self._db.get_item(
            TableName=self._table, Key=webhook_key(owner, webhook_id), ConsistentRead=True
        )
        return webhook_from_record(found["Item"]) if "Item" in found else None

    def list_webhooks(self, owner: str) -> list[Webhook]:
        return [webhook_from_record(r) for r in self._query(owner, WEBHOOK_PREFIX)]

    def save_webhook(self, webhook: Webhook) -> bool:
        return self._conditional(
            lambda: self._db.put_item(
                TableName=self._table,
                Item=webhook_to_record(webhook),
                ConditionExpression=EXISTS,
                ExpressionAttributeNames=PK_NAME,
            )
        )

    def delete_webhook(self, owner: str, webhook_id: str) -> bool:
        return self._conditional(
            lambda: self._db.delete_item(
                TableName=self._table,
                Key=webhook_key(owner, webhook_id),
                ConditionExpression=EXISTS,
                ExpressionAttributeNames=PK_NAME,
            )
        )

    def delivery_failed(
        self, owner: str, webhook_id: str, *, disable_after: int, reason: str, now: datetime
    ) -> Webhook | None:
        try:
            counted = self._db.update_item(
                TableName=self._table,
                Key=webhook_key(owner, webhook_id),
                UpdateExpression="ADD consecutiveFailures :one",
                ConditionExpression=EXISTS,
                ExpressionAttributeNames=PK_NAME,
                ExpressionAttributeValues={":one": S(1)},
                ReturnValues="ALL_NEW",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return None
        webhook = webhook_from_record(counted["Attributes"])
        if not webhook.enabled or webhook.consecutive_failures < disable_after:
            return webhook
        # Only an endpoint still enabled is disabled: its owner may have just enabled it again, or
        # another failure may have disabled it with its own reason.
        try:
            disabled = self._db.update_item(
                TableName=self._table,
                Key=webhook_key(owner, webhook_id),
                UpdateExpression="SET enabled = :off, disabledReason = :why, updatedAt = :now",
                ConditionExpression=f"{EXISTS} AND enabled = :on AND consecutiveFailures >= :limit",
                ExpressionAttributeNames=PK_NAME,
                ExpressionAttributeValues={
                    ":off": S(False),
                    ":on": S(True),
                    ":why": S(reason),
                    ":now": S(codec.iso(now)),
                    ":limit": S(disable_after),
                },
                ReturnValues="ALL_NEW",
            )
        except self._db.exceptions.ConditionalCheckFailedException:
            return self.get_webhook(owner, webhook_id)
        return webhook_from_record(disabled["Attributes"])

    def delivery_succeeded(self, owner: str, webhook_id: str) -> None:
        self._conditional(
            lambda: self._db.update_item(
                TableName=self._table,
                Key=webhook_key(owner, webhook_id),
                UpdateExpression="SET consecutiveFailures = :zero",
                ConditionExpression=EXISTS,
                ExpressionAttributeNames=PK_NAME,
                ExpressionAttributeValues={":zero": S(0)},
            )
        )

    # --- deliveries --------------------------------------------------------------------------

    def add_delivery(self, delivery: Delivery) -> bool:
        return self._conditional(
            lambda: self._db.put_item(
                TableName=self._table,
                Item=delivery_to_record(delivery),
                ConditionExpression=NEW,
                ExpressionAttributeNames=PK_NAME,
            )
        )

    def get_delivery(self, owner: str, delivery_id: str) -> Delivery | None:
        found = self._db.get_item(
            TableName=self._table, Key=delivery_key(owner, delivery_id), ConsistentRead=True
        )
        return delivery_from_record(found["Item"]) if "Item" in found else None

    def save_delivery(self, delivery: Delivery) -> None:
        self._db.put_item(TableName=self._table, Item=delivery_to_record(delivery))

    def mark_queued(self, owner: str, delivery_id: str) -> None:
        self._conditional(
            lambda: self._db.update_item(
                TableName=self._table,
                Key=delivery_key(owner, delivery_id),
                UpdateExpression="SET queued = :yes",
                ConditionExpression=EXISTS,
                ExpressionAttributeNames=PK_NAME,
                ExpressionAttributeValues={":yes": S(True)},
            )
        )

    def list_deliveries(self, owner: str, webhook_id: str, *, limit: int) -> list[Delivery]:
        # Every endpoint's deliveries share the owner's DELIVERY# range, newest first (ids sort by
        # time); an owner has at most a few endpoints, so filtering reads little more than it keeps.
        found = self._query(
            owner,
            DELIVERY_PREFIX,
            newest_first=True,
            limit=limit,
            filter_webhook=webhook_id,
        )
        return [delivery_from_record(r) for r in found]

    # --- helpers -----------------------------------------------------------------------------

    def _query(
        self,
        owner: str,
        prefix: str,
        *,
        newest_first: bool = False,
        limit: int | None = None,
        filter_webhook: str | None = None,
    ) -> list[dict[str, Any]]:
        query: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :prefix)",
            "ExpressionAttributeNames": {"#pk": PARTITION_KEY, "#sk": SORT_KEY},
            "ExpressionAttributeValues": {":pk": S(owner_pk(owner)), ":prefix": S(prefix)},
            "ScanIndexForward": not newest_first,
            "ConsistentRead": True,
        }
        if filter_webhook is not None:
            query["FilterExpression"] = "webhookId = :webhook"
            query["ExpressionAttributeValues"][":webhook"] = S(filter_webhook)
        records: list[dict[str, Any]] = []
        while limit is None or len(records) < limit:
            response = self._db.query(**query)
            records.extend(response.get("Items", []))
            if "LastEvaluatedKey" not in response:
                break
            query["ExclusiveStartKey"] = response["LastEvaluatedKey"]
        return records if limit is None else records[:limit]

    def _conditional(self, write: Callable[[], object]) -> bool:
        """Run a conditional write: False when its condition refused it."""
        try:
            write()
        except self._db.exceptions.ConditionalCheckFailedException:
            return False
        return True
