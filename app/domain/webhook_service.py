"""Webhooks' use cases: an owner's endpoints (GraphQL), and turning media changes into deliveries
(the notifier). Every call is scoped to an owner; nothing crosses owners."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from app.domain.errors import ErrorCode, InvalidRequest, NotFound
from app.domain.models import MediaItem
from app.domain.ports import Clock, IdFactory, WebhookQueue, WebhookStore
from app.domain.webhook_retry import RetryPolicy
from app.domain.webhook_targets import TargetPolicy, url_refusal
from app.domain.webhooks import (
    Delivery,
    DeliveryStatus,
    MediaEvent,
    Webhook,
    WebhookEvent,
    delivery_id,
    events_for_change,
    new_secret,
    payload,
)

logger = logging.getLogger(__name__)

MAX_WEBHOOKS = 10  # per owner: each change is looked up against all of them
MAX_DESCRIPTION = 500
MAX_DELIVERIES_PAGE = 100
# After a rotation the old secret signs beside the new one this long, so receivers can switch.
ROTATION_GRACE = timedelta(hours=24)


class WebhookService:
    def __init__(
        self,
        store: WebhookStore,
        queue: WebhookQueue,
        *,
        clock: Clock,
        new_id: IdFactory,
        targets: TargetPolicy,
        retry: RetryPolicy | None = None,
        make_secret: Callable[[], str] = new_secret,
    ) -> None:
        self._store = store
        self._queue = queue
        self._clock = clock
        self._new_id = new_id
        self._targets = targets
        self._retry = retry or RetryPolicy()
        self._make_secret = make_secret

    @property
    def retry(self) -> RetryPolicy:
        return self._retry

    # --- an owner's endpoints ------------------------------------------------------------------

    def create(self, owner: str, url: str, events: Iterable[str], description: str = "") -> Webhook:
        """A new enabled endpoint. Its `secret` is shown to the owner now and never again."""
        if len(self._store.list_webhooks(owner)) >= MAX_WEBHOOKS:
            raise InvalidRequest(f"You have {MAX_WEBHOOKS} webhooks, the most allowed: delete one first.")
        now = self._clock()
        webhook = Webhook(
            owner=owner,
            id=self._new_id(),
            url=self._checked_url(url),
            events=_events(events),
            description=_description(description),
            secret=self._make_secret(),
            created_at=now,
            updated_at=now,
        )
        self._store.add_webhook(webhook)
        return webhook

    def list_webhooks(self, owner: str) -> list[Webhook]:
        return self._store.list_webhooks(owner)

    def get(self, owner: str, webhook_id: str) -> Webhook:
        webhook = self._store.get_webhook(owner, webhook_id)
        if webhook is None:
            raise NotFound(f"No webhook with id {webhook_id!r}.")
        return webhook

    def update(
        self,
        owner: str,
        webhook_id: str,
        *,
        url: str | None = None,
        events: Iterable[str] | None = None,
        description: str | None = None,
        enabled: bool | None = None,
    ) -> Webhook:
        """Change what is given. Enabling an endpoint clears why it was disabled and its failures."""
        webhook = self.get(owner, webhook_id)
        changed = replace(
            webhook,
            url=webhook.url if url is None else self._checked_url(url),
            events=webhook.events if events is None else _events(events),
            description=webhook.description if description is None else _description(description),
            updated_at=self._clock(),
        )
        if enabled is True:
            changed = replace(changed, enabled=True, disabled_reason=None, consecutive_failures=0)
        elif enabled is False and webhook.enabled:
            changed = replace(changed, enabled=False, disabled_reason="Disabled by its owner.")
        return self._save(changed)

    def delete(self, owner: str, webhook_id: str) -> bool:
        return self._store.delete_webhook(owner, webhook_id)

    def rotate_secret(self, owner: str, webhook_id: str) -> Webhook:
        """A new secret, shown now only; the old one keeps signing too for ROTATION_GRACE."""
        webhook = self.get(owner, webhook_id)
        now = self._clock()
        rotated = replace(
            webhook,
            secret=self._make_secret(),
            previous_secret=webhook.secret,
            previous_secret_until=now + ROTATION_GRACE,
            updated_at=now,
        )
        return self._save(rotated)

    def deliveries(self, owner: str, webhook_id: str, *, first: int = 20) -> list[Delivery]:
        """The endpoint's newest deliveries first (kept for RetryPolicy.keep_deliveries)."""
        if not 1 <= first <= MAX_DELIVERIES_PAGE:
            raise InvalidRequest(f"first must be between 1 and {MAX_DELIVERIES_PAGE}.")
        self.get(owner, webhook_id)  # another owner's endpoint is no endpoint
        return self._store.list_deliveries(owner, webhook_id, limit=first)

    def redeliver(self, owner: str, delivery_id: str) -> Delivery:
        """Send a finished delivery again, under the same `webhook-id` and with the same body."""
        delivery = self._store.get_delivery(owner, delivery_id)
        if delivery is None:
            raise NotFound(f"No delivery with id {delivery_id!r}.")
        if delivery.status is DeliveryStatus.PENDING:
            raise InvalidRequest("This delivery is still being tried; wait until it ends.")
        webhook = self.get(owner, delivery.webhook_id)
        if not webhook.enabled:
            raise InvalidRequest("The webhook is disabled: enable it (updateWebhook) first.")
        again = replace(delivery, status=DeliveryStatus.PENDING, queued=False, next_attempt_at=None)
        self._store.save_delivery(again)
        self._send(again)
        return replace(again, queued=True)

    # --- media changes -------------------------------------------------------------------------

    def on_change(self, old: MediaItem | None, new: MediaItem | None, *, now: datetime) -> int:
        """The notifier calls this for every change of a media item (old and new image). Records a
        delivery for each of the owner's enabled endpoints subscribed to the change's event and queues
        it; returns how many it queued. A change seen again queues nothing more."""
        changes = events_for_change(old, new)
        if not changes:
            return 0
        webhooks = self._store.list_webhooks(changes[0].item.owner)
        return sum(
            self._record(webhook, change, now)
            for change in changes
            for webhook in webhooks
            if webhook.subscribes(change.event)
        )

    def _record(self, webhook: Webhook, change: MediaEvent, now: datetime) -> int:
        delivery = Delivery(
            owner=webhook.owner,
            id=delivery_id(webhook.id, change),
            webhook_id=webhook.id,
            event=change.event,
            media_id=change.item.id,
            payload=payload(change),
            created_at=now,
            expires_at=now + self._retry.keep_deliveries,
        )
        if not self._store.add_delivery(delivery):
            existing = self._store.get_delivery(delivery.owner, delivery.id)
            if existing is None or existing.queued:
                return 0  # this change was recorded and queued already
            # Recorded, but the call that recorded it died before queueing it: queue it now.
            logger.info("Delivery %s was recorded but never queued; queueing it", delivery.id)
            delivery = existing
        self._send(delivery)
        return 1

    def _send(self, delivery: Delivery) -> None:
        self._queue.enqueue(delivery.owner, delivery.id)
        self._store.mark_queued(delivery.owner, delivery.id)

    # --- checks --------------------------------------------------------------------------------

    def _checked_url(self, url: str) -> str:
        url = url.strip()
        if (refusal := url_refusal(url, self._targets)) is not None:
            raise InvalidRequest(refusal, ErrorCode.INVALID_INPUT)
        return url

    def _save(self, webhook: Webhook) -> Webhook:
        if not self._store.save_webhook(webhook):
            raise NotFound(f"No webhook with id {webhook.id!r}.")
        return webhook


def _events(names: Iterable[str]) -> frozenset[WebhookEvent]:
    names = list(names)
    known = {event.value for event in WebhookEvent}
    if unknown := sorted(set(names) - known):
        raise InvalidRequest(f"Unknown events: {', '.join(unknown)} (known: {', '.join(sorted(known))}).")
    if not names:
        raise InvalidRequest("Name at least one event.")
    return frozenset(WebhookEvent(name) for name in names)


def _description(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_DESCRIPTION:
        raise InvalidRequest(f"The description is longer than {MAX_DESCRIPTION} characters.")
    return text
