"""The webhooks' use cases on in-memory ports: endpoints per owner, and media changes to deliveries."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain.errors import ErrorCode, InvalidRequest, NotFound
from app.domain.models import MediaStatus
from app.domain.webhook_service import MAX_WEBHOOKS, ROTATION_GRACE, WebhookService
from app.domain.webhook_targets import TargetPolicy
from app.domain.webhooks import DeliveryStatus, WebhookEvent
from tests.factories import T0, media_item
from tests.webhook_fakes import InMemoryWebhookStore, RecordingQueue

OWNER, OTHER = "owner-1", "owner-2"
PROCESSING = media_item(owner=OWNER, status=MediaStatus.PROCESSING, attempt=1)
READY = replace(PROCESSING, status=MediaStatus.READY, updated_at=T0 + timedelta(seconds=3))
URL = "https://hooks.example.com/in"


@pytest.fixture
def store() -> InMemoryWebhookStore:
    return InMemoryWebhookStore()


@pytest.fixture
def queue() -> RecordingQueue:
    return RecordingQueue()


@pytest.fixture
def service(store: InMemoryWebhookStore, queue: RecordingQueue) -> WebhookService:
    ids = (f"01JD2W3X4Y5Z6A7B8C9D0EF{n:03d}" for n in itertools.count())
    secrets = (f"whsec_c2VjcmV0{n}" for n in itertools.count())
    return WebhookService(
        store,
        queue,
        clock=lambda: T0,
        new_id=lambda: next(ids),
        targets=TargetPolicy(),
        make_secret=lambda: next(secrets),
    )


def test_an_endpoint_is_created_enabled_and_only_its_owner_finds_it(service: WebhookService) -> None:
    webhook = service.create(OWNER, URL, ["media.ready", "media.failed"], "  my app  ")
    assert webhook.enabled and webhook.secret.startswith("whsec_")
    assert webhook.events == {WebhookEvent.MEDIA_READY, WebhookEvent.MEDIA_FAILED}
    assert webhook.description == "my app"
    assert service.list_webhooks(OWNER) == [webhook]
    assert service.list_webhooks(OTHER) == []
    with pytest.raises(NotFound):
        service.get(OTHER, webhook.id)
    with pytest.raises(NotFound):
        service.rotate_secret(OTHER, webhook.id)
    assert service.delete(OTHER, webhook.id) is False
    assert service.delete(OWNER, webhook.id) is True


@pytest.mark.parametrize(
    ("url", "events"),
    [
        ("http://hooks.example.com/in", ["media.ready"]),
        ("https://10.0.0.1/in", ["media.ready"]),
        (URL, ["media.created"]),
        (URL, []),
    ],
)
def test_bad_endpoints_are_refused_as_invalid_input(
    service: WebhookService, url: str, events: list[str]
) -> None:
    with pytest.raises(InvalidRequest) as refused:
        service.create(OWNER, url, events)
    assert refused.value.code is ErrorCode.INVALID_INPUT


def test_an_owner_has_a_bounded_number_of_endpoints(service: WebhookService) -> None:
    for _ in range(MAX_WEBHOOKS):
        service.create(OWNER, URL, ["media.ready"])
    with pytest.raises(InvalidRequest, match="most allowed"):
        service.create(OWNER, URL, ["media.ready"])
    service.create(OTHER, URL, ["media.ready"])  # another owner's count is their own


def test_rotation_keeps_the_old_secret_signing_for_a_while(service: WebhookService) -> None:
    webhook = service.create(OWNER, URL, ["media.ready"])
    rotated = service.rotate_secret(OWNER, webhook.id)
    assert rotated.secret != webhook.secret
    assert rotated.signing_secrets(T0) == (rotated.secret, webhook.secret)
    assert rotated.signing_secrets(T0 + ROTATION_GRACE) == (rotated.secret,)


def test_enabling_again_clears_the_reason_and_the_failures(
    service: WebhookService, store: InMemoryWebhookStore
) -> None:
    webhook = service.create(OWNER, URL, ["media.ready"])
    store.delivery_failed(OWNER, webhook.id, disable_after=1, reason="kept failing", now=T0)
    assert not service.get(OWNER, webhook.id).enabled
    enabled = service.update(OWNER, webhook.id, enabled=True, description="fixed")
    assert (enabled.enabled, enabled.disabled_reason, enabled.consecutive_failures) == (True, None, 0)
    assert enabled.description == "fixed" and enabled.url == URL
    disabled = service.update(OWNER, webhook.id, enabled=False)
    assert disabled.disabled_reason == "Disabled by its owner."


def test_a_change_is_delivered_once_to_each_subscribed_endpoint(
    service: WebhookService, store: InMemoryWebhookStore, queue: RecordingQueue
) -> None:
    # GIVEN two endpoints for READY, one for FAILED only, one disabled, and another owner's
    ready = [service.create(OWNER, URL, ["media.ready"]) for _ in range(2)]
    service.create(OWNER, URL, ["media.failed"])
    off = service.create(OWNER, URL, ["media.ready"])
    service.update(OWNER, off.id, enabled=False)
    service.create(OTHER, URL, ["media.ready"])
    # WHEN the item's READY arrives, then arrives again (the stream is at-least-once)
    first = service.on_change(PROCESSING, READY, now=T0)
    again = service.on_change(PROCESSING, READY, now=T0 + timedelta(seconds=1))
    # THEN each READY endpoint has one queued delivery, and the repeat queued nothing
    assert (first, again) == (2, 0)
    assert sorted(d.webhook_id for d in store.deliveries.values()) == sorted(w.id for w in ready)
    assert len(queue.sent) == 2
    assert all(d.queued and d.status is DeliveryStatus.PENDING for d in store.deliveries.values())


def test_a_delivery_recorded_but_never_queued_is_queued_when_the_change_comes_again(
    service: WebhookService, store: InMemoryWebhookStore, queue: RecordingQueue
) -> None:
    service.create(OWNER, URL, ["media.ready"])
    queue.fail = True
    with pytest.raises(ConnectionError):
        service.on_change(PROCESSING, READY, now=T0)  # the notifier's batch fails and is retried
    assert service.on_change(PROCESSING, READY, now=T0) == 1
    assert service.on_change(PROCESSING, READY, now=T0) == 0
    assert len(queue.sent) == 1 and len(store.deliveries) == 1


def test_non_events_touch_nothing(service: WebhookService, store: InMemoryWebhookStore) -> None:
    service.create(OWNER, URL, ["media.ready"])
    assert service.on_change(media_item(owner=OWNER), PROCESSING, now=T0) == 0
    assert store.deliveries == {}


def test_deliveries_are_listed_newest_first_and_redelivered_when_finished(
    service: WebhookService, store: InMemoryWebhookStore, queue: RecordingQueue
) -> None:
    webhook = service.create(OWNER, URL, ["media.ready", "media.deleted"])
    service.on_change(PROCESSING, READY, now=T0)
    service.on_change(replace(READY, deleting_since=T0 + timedelta(minutes=1)), None, now=T0)
    deleted, ready = service.deliveries(OWNER, webhook.id)
    assert (deleted.event, ready.event) == (WebhookEvent.MEDIA_DELETED, WebhookEvent.MEDIA_READY)
    with pytest.raises(InvalidRequest, match="still being tried"):
        service.redeliver(OWNER, ready.id)
    store.save_delivery(replace(ready, status=DeliveryStatus.FAILED, attempts=8))
    again = service.redeliver(OWNER, ready.id)
    assert (again.id, again.status, again.payload) == (ready.id, DeliveryStatus.PENDING, ready.payload)
    assert queue.sent[-1] == (OWNER, ready.id)
    with pytest.raises(NotFound):
        service.redeliver(OTHER, ready.id)
    with pytest.raises(NotFound):
        service.deliveries(OTHER, webhook.id)
