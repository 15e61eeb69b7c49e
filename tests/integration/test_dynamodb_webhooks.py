"""The webhook store on the emulator's media table, and the in-memory fake the unit tests use, held
to the same behaviour by the same tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.dynamodb_webhooks import DynamoWebhookStore
from app.adapters.ids import new_media_id
from app.domain.ports import WebhookStore
from app.domain.webhooks import Delivery, DeliveryStatus, Webhook, WebhookEvent, new_secret
from tests.factories import T0
from tests.integration.conftest import Emulator
from tests.webhook_fakes import InMemoryWebhookStore


@pytest.fixture(params=["dynamodb", "in-memory"])
def store(request: pytest.FixtureRequest) -> WebhookStore:
    if request.param == "in-memory":
        return InMemoryWebhookStore()
    emulator: Emulator = request.getfixturevalue("emulator")
    return DynamoWebhookStore(emulator.resources.table_name, emulator.aws("dynamodb"))


def a_webhook(owner: str) -> Webhook:
    return Webhook(
        owner=owner,
        id=new_media_id(),
        url="https://hooks.example.com/in",
        events=frozenset({WebhookEvent.MEDIA_READY, WebhookEvent.MEDIA_DELETED}),
        description="app",
        secret=new_secret(),
        created_at=T0,
        updated_at=T0,
        previous_secret=new_secret(),
        previous_secret_until=T0 + timedelta(hours=24),
    )


def a_delivery(webhook: Webhook, n: int) -> Delivery:
    return Delivery(
        owner=webhook.owner,
        id=f"msg_01JD2W3X4Y5Z6A7B8C9D0E{n:04d}",
        webhook_id=webhook.id,
        event=WebhookEvent.MEDIA_READY,
        media_id=new_media_id(),
        payload='{"type":"media.ready"}',
        created_at=T0,
        expires_at=T0 + timedelta(days=30),
    )


def test_endpoints_round_trip_per_owner(store: WebhookStore) -> None:
    owner = f"o-{new_media_id()}"
    webhook = a_webhook(owner)
    store.add_webhook(webhook)
    assert store.get_webhook(owner, webhook.id) == webhook
    assert store.get_webhook("someone-else", webhook.id) is None
    assert store.list_webhooks(owner) == [webhook]
    assert store.save_webhook(replace(webhook, description="renamed")) is True
    assert store.get_webhook(owner, webhook.id) == replace(webhook, description="renamed")
    assert store.delete_webhook(owner, webhook.id) is True
    assert store.delete_webhook(owner, webhook.id) is False
    assert store.save_webhook(webhook) is False  # a deleted endpoint is not brought back


def test_failures_in_a_row_disable_and_a_success_resets(store: WebhookStore) -> None:
    owner = f"o-{new_media_id()}"
    webhook = a_webhook(owner)
    store.add_webhook(webhook)
    once = store.delivery_failed(owner, webhook.id, disable_after=2, reason="down", now=T0)
    assert once is not None and (once.enabled, once.consecutive_failures) == (True, 1)
    store.delivery_succeeded(owner, webhook.id)
    store.delivery_failed(owner, webhook.id, disable_after=2, reason="down", now=T0)
    twice = store.delivery_failed(owner, webhook.id, disable_after=2, reason="down", now=T0)
    assert twice is not None and (twice.enabled, twice.disabled_reason) == (False, "down")
    assert store.delivery_failed(owner, "gone", disable_after=2, reason="down", now=T0) is None


def test_a_delivery_is_recorded_once_and_listed_newest_first(store: WebhookStore) -> None:
    owner = f"o-{new_media_id()}"
    webhook, other = a_webhook(owner), a_webhook(owner)
    for w in (webhook, other):
        store.add_webhook(w)
    deliveries = [a_delivery(webhook, n) for n in range(3)]
    assert [store.add_delivery(d) for d in deliveries] == [True, True, True]
    assert store.add_delivery(deliveries[0]) is False
    store.add_delivery(a_delivery(other, 9))
    store.mark_queued(owner, deliveries[1].id)
    done = replace(
        deliveries[2], status=DeliveryStatus.SUCCEEDED, attempts=1, response_status=204, duration_ms=5
    )
    store.save_delivery(done)
    assert store.get_delivery(owner, deliveries[2].id) == done
    listed = store.list_deliveries(owner, webhook.id, limit=2)
    assert listed == [done, replace(deliveries[1], queued=True)]
    assert store.get_delivery("someone-else", done.id) is None


def test_webhook_records_are_never_media(emulator: Emulator) -> None:
    owner = f"o-{new_media_id()}"
    table, db = emulator.resources.table_name, emulator.aws("dynamodb")
    store = DynamoWebhookStore(table, db)
    webhook = a_webhook(owner)
    store.add_webhook(webhook)
    store.add_delivery(a_delivery(webhook, 1))
    assert DynamoMediaRepository(table, db).list(owner, limit=10, after=None).items == []
