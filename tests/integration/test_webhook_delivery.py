"""Webhook deliveries retried and given up on by the real sender handler, on the in-process
emulator: a queue of its own whose redrive count is a short retry policy's attempts, and the local
worker's loop (app/local/worker.py) playing the event source mapping."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from standardwebhooks import Webhook as Verifier

from app.adapters.dynamodb_webhooks import DynamoWebhookStore
from app.adapters.ids import new_media_id
from app.adapters.sqs_queue import SqsWebhookQueue
from app.adapters.webhook_http import WebhookHttp
from app.adapters.webhook_signing import StandardWebhooksSigner
from app.domain.models import MediaStatus
from app.domain.webhook_retry import RetryPolicy
from app.domain.webhook_sender import WebhookSender
from app.domain.webhook_service import WebhookService
from app.domain.webhook_targets import TargetPolicy
from app.domain.webhooks import DeliveryStatus, Webhook
from app.local.emulator import Resources, create_webhook_queues
from app.local.worker import Worker
from app.webhook_handler import build_handler
from tests.factories import media_item
from tests.integration.conftest import Emulator
from tests.integration.webhook_receiver import Receiver, receiver

# Three attempts a second apart; the endpoint is disabled after its first delivery that fails them all.
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=1), factor=1, disable_after=1)
LOCAL = TargetPolicy(allow_loopback=True)
_queues = itertools.count()


@dataclass
class Rig:
    service: WebhookService
    worker: Worker
    sqs: Any
    dlq_url: str
    owner: str  # one per test: the emulator's table is the session's

    def until(self, done: Callable[[], bool], polls: int = 40) -> None:
        """Poll the queue (each poll waits up to a second for a message) until `done`."""
        for _ in range(polls):
            if done():
                return
            self.worker.poll_once()
        raise AssertionError("condition not met within the polls allowed")

    def dead_letters(self) -> list[str]:
        found = self.sqs.receive_message(QueueUrl=self.dlq_url, WaitTimeSeconds=1, MaxNumberOfMessages=10)
        return [m["Body"] for m in found.get("Messages", [])]


@pytest.fixture
def rig(emulator: Emulator) -> Rig:
    sqs, dynamodb = emulator.aws("sqs"), emulator.aws("dynamodb")
    names = Resources(
        emulator.resources.endpoint_url, emulator.resources.credentials, prefix=f"hooks{next(_queues)}"
    )
    queue_url, dlq_url = create_webhook_queues(sqs, names, max_receives=POLICY.max_attempts)
    store = DynamoWebhookStore(emulator.resources.table_name, dynamodb)
    queue = SqsWebhookQueue(queue_url, sqs)
    clock = lambda: datetime.now(UTC)  # noqa: E731
    service = WebhookService(store, queue, clock=clock, new_id=new_media_id, targets=LOCAL, retry=POLICY)
    sender = WebhookSender(
        store, WebhookHttp(LOCAL), StandardWebhooksSigner(), clock=clock, targets=LOCAL, retry=POLICY
    )
    worker = Worker(sqs, queue_url, build_handler(sender, queue), wait_seconds=1)
    return Rig(service, worker, sqs, dlq_url, owner=f"hooks-{new_media_id()}")


def ready_once(rig: Rig, hook: Receiver) -> tuple[Webhook, str]:
    """An endpoint for media.ready at the receiver, and the delivery of one item's READY to it."""
    webhook = rig.service.create(rig.owner, hook.url, ["media.ready"])
    now = datetime.now(UTC)
    item = media_item(owner=rig.owner, id=new_media_id(), status=MediaStatus.PROCESSING, updated_at=now)
    assert rig.service.on_change(item, replace(item, status=MediaStatus.READY), now=now) == 1
    [delivery] = rig.service.deliveries(rig.owner, webhook.id)
    return webhook, delivery.id


def test_a_500_is_retried_under_the_same_webhook_id(rig: Rig) -> None:
    with receiver(500, 204) as hook:
        webhook, delivery_id = ready_once(rig, hook)
        rig.until(lambda: len(hook.received()) == 2)
        first, second = hook.received()
        assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery_id
        assert first.body == second.body
        assert Verifier(webhook.secret).verify(second.body, second.headers)["type"] == "media.ready"
        rig.until(lambda: rig.service.deliveries(rig.owner, webhook.id)[0].status is DeliveryStatus.SUCCEEDED)
        [delivery] = rig.service.deliveries(rig.owner, webhook.id)
        assert (delivery.attempts, delivery.response_status) == (2, 204)
        assert rig.service.get(rig.owner, webhook.id).consecutive_failures == 0


def test_an_endpoint_that_keeps_failing_ends_in_the_dlq_and_disabled(rig: Rig) -> None:
    with receiver(500) as hook:
        webhook, delivery_id = ready_once(rig, hook)
        # WHEN every attempt is answered 500
        rig.until(lambda: len(hook.received()) == POLICY.max_attempts)
        rig.until(lambda: rig.service.deliveries(rig.owner, webhook.id)[0].status is DeliveryStatus.FAILED)
        rig.worker.poll_once()  # the receive past maxReceiveCount: SQS moves the message instead
        # THEN its message is in the DLQ, the delivery FAILED, and the endpoint disabled with a reason
        assert any(delivery_id in body for body in rig.dead_letters())
        [delivery] = rig.service.deliveries(rig.owner, webhook.id)
        assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.FAILED, 3, "HTTP 500")
        disabled = rig.service.get(rig.owner, webhook.id)
        assert not disabled.enabled
        assert disabled.disabled_reason and "HTTP 500" in disabled.disabled_reason
        # AND nothing more was sent than the attempts allow
        assert len(hook.received()) == POLICY.max_attempts
