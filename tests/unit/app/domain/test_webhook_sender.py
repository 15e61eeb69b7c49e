"""One attempt of a delivery at a time: what it records and what it tells the queue."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook as Verifier

from app.adapters.webhook_signing import StandardWebhooksSigner
from app.domain.models import MediaStatus
from app.domain.ports import Clock
from app.domain.webhook_retry import RetryPolicy
from app.domain.webhook_sender import Verdict, WebhookSender
from app.domain.webhook_service import WebhookService
from app.domain.webhook_targets import TargetPolicy
from app.domain.webhooks import Delivery, DeliveryStatus, Webhook, new_secret
from tests.factories import T0, media_item
from tests.webhook_fakes import InMemoryWebhookStore, RecordingQueue, ScriptedTransport

OWNER = "owner-1"
PROCESSING = media_item(owner=OWNER, status=MediaStatus.PROCESSING, attempt=1)
READY = replace(PROCESSING, status=MediaStatus.READY, updated_at=T0 + timedelta(seconds=3))
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=1), disable_after=2)


@pytest.fixture
def store() -> InMemoryWebhookStore:
    return InMemoryWebhookStore()


def queued(store: InMemoryWebhookStore, webhook: Webhook | None = None) -> tuple[Webhook, Delivery]:
    """A webhook (a fresh one unless given) and the delivery of READY to it."""
    ids = (f"01JD2W3X4Y5Z6A7B8C9D0EF{n:03d}" for n in itertools.count(len(store.webhooks)))
    service = WebhookService(
        store, RecordingQueue(), clock=lambda: T0, new_id=lambda: next(ids), targets=TargetPolicy()
    )
    webhook = webhook or service.create(OWNER, "https://hooks.example.com/in", ["media.ready"])
    item = replace(READY, id=f"01JD2W3X4Y5Z6A7B8C9D0EG{len(store.deliveries):03d}")
    service.on_change(PROCESSING, item, now=T0)
    [delivery] = [d for d in store.deliveries.values() if d.media_id == item.id]
    return webhook, delivery


def sender(
    store: InMemoryWebhookStore,
    transport: ScriptedTransport,
    clock: Clock = lambda: T0 + timedelta(minutes=1),
) -> WebhookSender:
    return WebhookSender(
        store, transport, StandardWebhooksSigner(), clock=clock, targets=TargetPolicy(), retry=POLICY
    )


def test_a_delivery_is_signed_so_the_standard_library_verifies_it(store: InMemoryWebhookStore) -> None:
    # GIVEN a delivery, and an endpoint that answers 204
    webhook, delivery = queued(store)
    transport = ScriptedTransport([204])
    # WHEN it is attempted
    # (signed now: receivers refuse a timestamp more than five minutes off their clock)
    attempt = sender(store, transport, lambda: datetime.now(UTC)).attempt(OWNER, delivery.id, number=1)
    # THEN it went once, with the Standard Webhooks headers, and verifies with the endpoint's secret
    assert attempt.verdict is Verdict.DELIVERED
    [(url, body, headers)] = transport.posts
    assert url == webhook.url and headers["webhook-id"] == delivery.id
    assert Verifier(webhook.secret).verify(body, headers)["type"] == "media.ready"
    with pytest.raises(Exception, match="signature"):
        Verifier(new_secret()).verify(body, headers)
    done = store.deliveries[(OWNER, delivery.id)]
    assert (done.status, done.attempts, done.response_status) == (DeliveryStatus.SUCCEEDED, 1, 204)


def test_a_failure_is_retried_with_the_backoff_then_given_up(store: InMemoryWebhookStore) -> None:
    webhook, delivery = queued(store)
    transport = ScriptedTransport([500])
    sending = sender(store, transport)
    verdicts = [sending.attempt(OWNER, delivery.id, number=n) for n in (1, 2, 3)]
    assert [v.verdict for v in verdicts] == [Verdict.RETRY, Verdict.RETRY, Verdict.GAVE_UP]
    assert [v.retry_after for v in verdicts[:2]] == [timedelta(seconds=1), timedelta(seconds=4)]
    # Every attempt under the same webhook-id.
    assert {headers["webhook-id"] for _, _, headers in transport.posts} == {delivery.id}
    failed = store.deliveries[(OWNER, delivery.id)]
    assert (failed.status, failed.attempts, failed.error) == (DeliveryStatus.FAILED, 3, "HTTP 500")
    assert store.webhooks[(OWNER, webhook.id)].consecutive_failures == 1
    # A duplicate message of the finished delivery sends nothing.
    assert sending.attempt(OWNER, delivery.id, number=1).verdict is Verdict.DROPPED
    assert len(transport.posts) == 3


def test_an_endpoint_failing_delivery_after_delivery_is_disabled(store: InMemoryWebhookStore) -> None:
    webhook, first = queued(store)
    _, second = queued(store, webhook)
    _, third = queued(store, webhook)
    sending = sender(store, ScriptedTransport([None]))
    for delivery in (first, second):
        sending.attempt(OWNER, delivery.id, number=POLICY.max_attempts)
    disabled = store.webhooks[(OWNER, webhook.id)]
    assert not disabled.enabled
    assert disabled.disabled_reason is not None and "2 deliveries in a row" in disabled.disabled_reason
    # What was still queued for it is not sent, and says why.
    assert sending.attempt(OWNER, third.id, number=1).verdict is Verdict.DROPPED
    assert "disabled" in (store.deliveries[(OWNER, third.id)].error or "")


def test_a_success_starts_the_count_of_failures_again(store: InMemoryWebhookStore) -> None:
    webhook, first = queued(store)
    _, second = queued(store, webhook)
    sender(store, ScriptedTransport([503])).attempt(OWNER, first.id, number=POLICY.max_attempts)
    assert store.webhooks[(OWNER, webhook.id)].consecutive_failures == 1
    sender(store, ScriptedTransport([200])).attempt(OWNER, second.id, number=1)
    assert store.webhooks[(OWNER, webhook.id)].consecutive_failures == 0


def test_a_deleted_endpoint_or_an_expired_delivery_sends_nothing(store: InMemoryWebhookStore) -> None:
    webhook, delivery = queued(store)
    transport = ScriptedTransport([200])
    store.delete_webhook(OWNER, webhook.id)
    assert sender(store, transport).attempt(OWNER, delivery.id, number=1).verdict is Verdict.DROPPED
    assert store.deliveries[(OWNER, delivery.id)].status is DeliveryStatus.FAILED
    assert sender(store, transport).attempt(OWNER, "msg_01JD2W3X4Y5Z6A7B8C9D0EFGHJ", number=1).verdict is (
        Verdict.DROPPED
    )
    assert transport.posts == []


def test_an_attempt_never_undoes_the_queued_mark(store: InMemoryWebhookStore) -> None:
    # GIVEN a delivery whose message the sender got before the notifier's mark_queued landed
    _, delivery = queued(store)
    store.save_delivery(replace(delivery, queued=False))
    # WHEN it is attempted
    sender(store, ScriptedTransport([500])).attempt(OWNER, delivery.id, number=1)
    # THEN it is still known as queued: the change seen again queues nothing more
    assert store.deliveries[(OWNER, delivery.id)].queued
