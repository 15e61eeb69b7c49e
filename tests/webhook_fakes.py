"""In-memory stand-ins for the webhook ports, for unit tests. The DynamoDB store is held to the same
behaviour by tests/integration/test_dynamodb_webhooks.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain.ports import Response, WebhookQueue, WebhookSigner, WebhookStore, WebhookTransport
from app.domain.webhooks import Delivery, Webhook


class InMemoryWebhookStore:
    def __init__(self) -> None:
        self.webhooks: dict[tuple[str, str], Webhook] = {}
        self.deliveries: dict[tuple[str, str], Delivery] = {}

    def add_webhook(self, webhook: Webhook) -> None:
        key = (webhook.owner, webhook.id)
        if key in self.webhooks:
            raise ValueError("exists")
        self.webhooks[key] = webhook

    def get_webhook(self, owner: str, webhook_id: str) -> Webhook | None:
        return self.webhooks.get((owner, webhook_id))

    def list_webhooks(self, owner: str) -> list[Webhook]:
        return sorted((w for (o, _), w in self.webhooks.items() if o == owner), key=lambda w: w.id)

    def save_webhook(self, webhook: Webhook) -> bool:
        key = (webhook.owner, webhook.id)
        if key not in self.webhooks:
            return False
        self.webhooks[key] = webhook
        return True

    def delete_webhook(self, owner: str, webhook_id: str) -> bool:
        return self.webhooks.pop((owner, webhook_id), None) is not None

    def delivery_failed(
        self, owner: str, webhook_id: str, *, disable_after: int, reason: str, now: datetime
    ) -> Webhook | None:
        webhook = self.webhooks.get((owner, webhook_id))
        if webhook is None:
            return None
        webhook = replace(webhook, consecutive_failures=webhook.consecutive_failures + 1)
        if webhook.enabled and webhook.consecutive_failures >= disable_after:
            webhook = replace(webhook, enabled=False, disabled_reason=reason, updated_at=now)
        self.webhooks[(owner, webhook_id)] = webhook
        return webhook

    def delivery_succeeded(self, owner: str, webhook_id: str) -> None:
        if (webhook := self.webhooks.get((owner, webhook_id))) is not None:
            self.webhooks[(owner, webhook_id)] = replace(webhook, consecutive_failures=0)

    def add_delivery(self, delivery: Delivery) -> bool:
        key = (delivery.owner, delivery.id)
        if key in self.deliveries:
            return False
        self.deliveries[key] = delivery
        return True

    def get_delivery(self, owner: str, delivery_id: str) -> Delivery | None:
        return self.deliveries.get((owner, delivery_id))

    def save_delivery(self, delivery: Delivery) -> None:
        self.deliveries[(delivery.owner, delivery.id)] = delivery

    def mark_queued(self, owner: str, delivery_id: str) -> None:
        if (delivery := self.deliveries.get((owner, delivery_id))) is not None:
            self.deliveries[(owner, delivery_id)] = replace(delivery, queued=True)

    def list_deliveries(self, owner: str, webhook_id: str, *, limit: int) -> list[Delivery]:
        mine = [d for (o, _), d in self.deliveries.items() if o == owner and d.webhook_id == webhook_id]
        return sorted(mine, key=lambda d: d.id, reverse=True)[:limit]


@dataclass
class RecordingQueue:
    sent: list[tuple[str, str]] = field(default_factory=list)
    fail: bool = False  # the next enqueue raises, as a crash between recording and queueing would

    def enqueue(self, owner: str, delivery_id: str) -> None:
        if self.fail:
            self.fail = False
            raise ConnectionError("the queue is unreachable")
        self.sent.append((owner, delivery_id))


@dataclass
class ScriptedTransport:
    """Answers with the statuses given, in turn (the last one again once they run out)."""

    statuses: list[int | None]
    posts: list[tuple[str, bytes, dict[str, str]]] = field(default_factory=list)

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Response:
        self.posts.append((url, body, headers))
        status = self.statuses[min(len(self.posts), len(self.statuses)) - 1]
        return Response(status=status, error=None if status else "connection refused", duration_ms=7)


class PlainSigner:
    def headers(self, secrets: Sequence[str], message_id: str, at: datetime, body: str) -> dict[str, str]:
        return {
            "webhook-id": message_id,
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": "x",
        }


# The fakes implement the ports: mypy checks them against the Protocols here.
_store: WebhookStore = InMemoryWebhookStore()
_queue: WebhookQueue = RecordingQueue()
_transport: WebhookTransport = ScriptedTransport([200])
_signer: WebhookSigner = PlainSigner()
