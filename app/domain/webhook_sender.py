"""One attempt of one delivery: sign, POST, record what happened, say what the queue should do.

The queue's own receive count is the attempt number (app/webhook_handler.py), so retries need no
bookkeeping of their own: a failed attempt hides its message for the backoff, and the redrive policy
moves it to the DLQ after the last. The delivery record is what the owner sees (webhookDeliveries).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum

from app.domain.ports import Clock, Response, WebhookSigner, WebhookStore, WebhookTransport
from app.domain.webhook_retry import RetryPolicy
from app.domain.webhook_targets import TargetPolicy, url_refusal
from app.domain.webhooks import Delivery, DeliveryStatus, Webhook

logger = logging.getLogger(__name__)


class Verdict(StrEnum):
    DELIVERED = "DELIVERED"  # the endpoint took it: delete the message
    DROPPED = "DROPPED"  # nothing to send (delivered already, its endpoint gone): delete it
    RETRY = "RETRY"  # hide the message for `retry_after`, then try again
    GAVE_UP = "GAVE_UP"  # the last attempt failed: let the redrive policy take it to the DLQ


@dataclass(frozen=True, slots=True)
class Attempt:
    verdict: Verdict
    retry_after: timedelta | None = None


class WebhookSender:
    def __init__(
        self,
        store: WebhookStore,
        transport: WebhookTransport,
        signer: WebhookSigner,
        *,
        clock: Clock,
        targets: TargetPolicy,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._store = store
        self._transport = transport
        self._signer = signer
        self._clock = clock
        self._targets = targets
        self._retry = retry or RetryPolicy()

    def attempt(self, owner: str, delivery_id: str, *, number: int) -> Attempt:
        """Attempt number `number` (1 first) of the delivery."""
        delivery = self._store.get_delivery(owner, delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return Attempt(Verdict.DROPPED)  # expired, or a duplicate message of a finished one
        # Its message is here, so it was queued, whether or not `mark_queued` has landed yet: every
        # save below says so, or it would undo that mark and the change's next record would queue
        # the delivery again.
        delivery = replace(delivery, queued=True)
        webhook = self._store.get_webhook(owner, delivery.webhook_id)
        if webhook is None or not webhook.enabled:
            why = (
                "The webhook was deleted."
                if webhook is None
                else f"The webhook is disabled: {webhook.disabled_reason}"
            )
            self._store.save_delivery(replace(delivery, status=DeliveryStatus.FAILED, error=why))
            return Attempt(Verdict.DROPPED)
        response = self._post(webhook, delivery)
        now = self._clock()
        tried = replace(
            delivery,
            attempts=delivery.attempts + 1,
            last_attempt_at=now,
            next_attempt_at=None,
            response_status=response.status,
            error=None if response.ok else (response.error or f"HTTP {response.status}"),
            duration_ms=response.duration_ms,
        )
        if response.ok:
            self._store.save_delivery(replace(tried, status=DeliveryStatus.SUCCEEDED))
            if webhook.consecutive_failures:
                self._store.delivery_succeeded(owner, webhook.id)
            return Attempt(Verdict.DELIVERED)
        if not self._retry.gives_up(number):
            wait = self._retry.backoff(number)
            self._store.save_delivery(replace(tried, next_attempt_at=now + wait))
            return Attempt(Verdict.RETRY, retry_after=wait)
        self._store.save_delivery(replace(tried, status=DeliveryStatus.FAILED))
        self._give_up(webhook, tried)
        return Attempt(Verdict.GAVE_UP)

    def _post(self, webhook: Webhook, delivery: Delivery) -> Response:
        # Checked again at each attempt: the stack's policy may be stricter than when it was made.
        if (refusal := url_refusal(webhook.url, self._targets)) is not None:
            return Response(status=None, error=refusal, duration_ms=0)
        now = self._clock()
        headers = self._signer.headers(webhook.signing_secrets(now), delivery.id, now, delivery.payload)
        headers["content-type"] = "application/json"
        return self._transport.post(webhook.url, delivery.payload.encode(), headers)

    def _give_up(self, webhook: Webhook, delivery: Delivery) -> None:
        limit = self._retry.disable_after
        reason = (
            f"Disabled after {limit} deliveries in a row failed every attempt "
            f"(the last: {delivery.error}). Enable it again with updateWebhook once it answers."
        )
        now = self._clock()
        after = self._store.delivery_failed(
            owner=webhook.owner, webhook_id=webhook.id, disable_after=limit, reason=reason, now=now
        )
        if after is not None and not after.enabled and webhook.enabled:
            logger.warning("Webhook %s of %s disabled: %s", webhook.id, webhook.owner, reason)
