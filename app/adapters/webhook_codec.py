"""Webhook and Delivery <-> DynamoDB records (their keys in table_schema.py). Unset fields are left
out of the record rather than stored as NULL, so a record holds only what is known."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.adapters import media_codec as codec
from app.adapters.table_schema import (
    PARTITION_KEY,
    SORT_KEY,
    TTL_ATTRIBUTE,
    delivery_sk,
    owner_pk,
    webhook_sk,
)
from app.domain.webhooks import Delivery, DeliveryStatus, Webhook, WebhookEvent


def webhook_key(owner: str, webhook_id: str) -> dict[str, Any]:
    return {
        PARTITION_KEY: codec.serialize(owner_pk(owner)),
        SORT_KEY: codec.serialize(webhook_sk(webhook_id)),
    }


def delivery_key(owner: str, delivery_id: str) -> dict[str, Any]:
    return {
        PARTITION_KEY: codec.serialize(owner_pk(owner)),
        SORT_KEY: codec.serialize(delivery_sk(delivery_id)),
    }


def webhook_to_record(webhook: Webhook) -> dict[str, Any]:
    return _record(
        {
            PARTITION_KEY: owner_pk(webhook.owner),
            SORT_KEY: webhook_sk(webhook.id),
            "owner": webhook.owner,
            "id": webhook.id,
            "url": webhook.url,
            "events": sorted(event.value for event in webhook.events),
            "description": webhook.description,
            "secret": webhook.secret,
            "createdAt": codec.iso(webhook.created_at),
            "updatedAt": codec.iso(webhook.updated_at),
            "enabled": webhook.enabled,
            "disabledReason": webhook.disabled_reason,
            "consecutiveFailures": webhook.consecutive_failures,
            "previousSecret": webhook.previous_secret,
            "previousSecretUntil": _iso(webhook.previous_secret_until),
        }
    )


def webhook_from_record(record: dict[str, Any]) -> Webhook:
    plain = _plain(record)
    return Webhook(
        owner=plain["owner"],
        id=plain["id"],
        url=plain["url"],
        events=frozenset(WebhookEvent(name) for name in plain["events"]),
        description=plain.get("description", ""),
        secret=plain["secret"],
        created_at=datetime.fromisoformat(plain["createdAt"]),
        updated_at=datetime.fromisoformat(plain["updatedAt"]),
        enabled=bool(plain.get("enabled", True)),
        disabled_reason=plain.get("disabledReason"),
        consecutive_failures=int(plain.get("consecutiveFailures", 0)),
        previous_secret=plain.get("previousSecret"),
        previous_secret_until=_moment(plain.get("previousSecretUntil")),
    )


def delivery_to_record(delivery: Delivery) -> dict[str, Any]:
    return _record(
        {
            PARTITION_KEY: owner_pk(delivery.owner),
            SORT_KEY: delivery_sk(delivery.id),
            "owner": delivery.owner,
            "id": delivery.id,
            "webhookId": delivery.webhook_id,
            "event": delivery.event.value,
            "mediaId": delivery.media_id,
            "payload": delivery.payload,
            "createdAt": codec.iso(delivery.created_at),
            # The table's one TTL attribute: DynamoDB removes the delivery once it is old enough.
            TTL_ATTRIBUTE: codec.epoch(delivery.expires_at),
            "status": delivery.status.value,
            "queued": delivery.queued,
            "attempts": delivery.attempts,
            "lastAttemptAt": _iso(delivery.last_attempt_at),
            "nextAttemptAt": _iso(delivery.next_attempt_at),
            "responseStatus": delivery.response_status,
            "error": delivery.error,
            "durationMs": delivery.duration_ms,
        }
    )


def delivery_from_record(record: dict[str, Any]) -> Delivery:
    plain = _plain(record)
    return Delivery(
        owner=plain["owner"],
        id=plain["id"],
        webhook_id=plain["webhookId"],
        event=WebhookEvent(plain["event"]),
        media_id=plain["mediaId"],
        payload=plain["payload"],
        created_at=datetime.fromisoformat(plain["createdAt"]),
        expires_at=datetime.fromtimestamp(int(plain[TTL_ATTRIBUTE]), UTC),
        status=DeliveryStatus(plain["status"]),
        queued=bool(plain.get("queued", False)),
        attempts=int(plain.get("attempts", 0)),
        last_attempt_at=_moment(plain.get("lastAttemptAt")),
        next_attempt_at=_moment(plain.get("nextAttemptAt")),
        response_status=_int(plain.get("responseStatus")),
        error=plain.get("error"),
        duration_ms=_int(plain.get("durationMs")),
    )


def _record(plain: dict[str, Any]) -> dict[str, Any]:
    return {name: codec.serialize(value) for name, value in plain.items() if value is not None}


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {name: codec.deserialize(value) for name, value in record.items()}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else codec.iso(moment)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
