"""Webhooks through the embedded stack: GraphQL scoped to the caller, and deliveries made by the
stack's own sender worker to a receiver on loopback, verified with the `standardwebhooks` package.

Real uploads go the whole way: the media table's stream, the notifier, the delivery queue, the
sender. The tests of each event's shape hand changes to the webhook service as the notifier does
(`on_change`), for items no upload could make FAILED on demand."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from standardwebhooks import Webhook as Verifier

from app.adapters.dynamodb_webhooks import DynamoWebhookStore
from app.adapters.ids import new_media_id
from app.adapters.sqs_queue import SqsWebhookQueue
from app.client.api import ApiError, MediaPipeClient
from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaStatus
from app.domain.webhook_service import WebhookService
from app.domain.webhook_targets import TargetPolicy
from tests import media_factory
from tests.factories import media_item
from tests.integration.conftest import ALICE, Stack, eventually, upload_bytes
from tests.integration.webhook_receiver import receiver

ALL_EVENTS = ["media.ready", "media.rejected", "media.failed", "media.deleted"]


def service_on(stack: Stack) -> WebhookService:
    """The webhook service as the notifier builds it (app/handler.py: webhook_service), on the stack."""
    return WebhookService(
        DynamoWebhookStore(stack.state["tableName"], stack.aws("dynamodb")),
        SqsWebhookQueue(stack.state["webhookQueueUrl"], stack.aws("sqs")),
        clock=lambda: datetime.now(UTC),
        new_id=new_media_id,
        targets=TargetPolicy(allow_loopback=True),
    )


def refused(code: str, call: Any, *args: Any) -> None:
    with pytest.raises(ApiError) as error:
        call(*args)
    assert error.value.code == code


def test_webhooks_are_the_callers_own(stack: Stack, alice: MediaPipeClient, bob: MediaPipeClient) -> None:
    # GIVEN Alice's endpoint, with a delivery
    created = alice.create_webhook("http://127.0.0.1:9/hook", ["media.ready"], "alice's app")
    webhook = created["webhook"]
    assert created["secret"].startswith("whsec_")
    assert webhook["state"] == "ENABLED" and "secret" not in webhook
    now = datetime.now(UTC)
    item = media_item(owner=stack.owner(ALICE), id=new_media_id(), status=MediaStatus.PROCESSING)
    service_on(stack).on_change(item, replace(item, status=MediaStatus.READY, updated_at=now), now=now)
    [delivery] = alice.webhook_deliveries(webhook["id"])
    # THEN Bob sees none of it, and can touch none of it
    assert webhook["id"] in {w["id"] for w in alice.webhooks()}
    assert webhook["id"] not in {w["id"] for w in bob.webhooks()}
    refused("NOT_FOUND", bob.update_webhook, webhook["id"])
    refused("NOT_FOUND", bob.rotate_webhook_secret, webhook["id"])
    refused("NOT_FOUND", bob.webhook_deliveries, webhook["id"])
    refused("NOT_FOUND", bob.redeliver_webhook, delivery["id"])
    assert bob.delete_webhook(webhook["id"]) is False
    # AND Alice can change, rotate and delete it
    assert alice.update_webhook(webhook["id"], description="renamed")["description"] == "renamed"
    assert alice.rotate_webhook_secret(webhook["id"])["secret"] != created["secret"]
    assert alice.delete_webhook(webhook["id"]) is True
    assert webhook["id"] not in {w["id"] for w in alice.webhooks()}


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.1/hook", "https://169.254.169.254/latest", "http://[fd00:ec2::254]/", "ftp://x.test/"],
)
def test_private_and_metadata_targets_are_refused(alice: MediaPipeClient, url: str) -> None:
    refused(ErrorCode.INVALID_INPUT.value, alice.create_webhook, url, ["media.ready"])


def test_each_event_is_delivered_once_signed(stack: Stack, alice: MediaPipeClient) -> None:
    with receiver(204) as hook:
        # GIVEN an endpoint for every event
        created = alice.create_webhook(hook.url, ALL_EVENTS, "all of them")
        try:
            # WHEN four items end READY, REJECTED, FAILED and deleted, each change recorded twice
            service, owner, now = service_on(stack), stack.owner(ALICE), datetime.now(UTC)
            changes = _changes(owner, now)
            queued = [service.on_change(old, new, now=now) for old, new in changes + changes]
            assert queued == [1, 1, 1, 1, 0, 0, 0, 0]
            eventually(lambda: len(hook.received()) >= 4)
            # THEN the receiver got each event once, signed with the endpoint's secret
            verifier = Verifier(created["secret"])
            bodies = [verifier.verify(r.body, r.headers) for r in hook.received()]
            assert sorted(body["type"] for body in bodies) == sorted(ALL_EVENTS)
            assert len({r.headers["webhook-id"] for r in hook.received()}) == 4
            by_type = {body["type"]: body["data"] for body in bodies}
            assert by_type["media.rejected"]["error"] == {"code": "CORRUPT", "message": "not an image"}
            assert by_type["media.ready"]["status"] == "READY"
            # AND the deliveries say so, each done in one attempt with the receiver's status
            deliveries = alice.webhook_deliveries(created["webhook"]["id"])
            assert {(d["status"], d["attempts"], d["responseStatus"]) for d in deliveries} == {
                ("SUCCEEDED", 1, 204)
            }
            # AND a redelivery sends the same delivery again, under the same webhook-id
            again = alice.redeliver_webhook(deliveries[0]["id"])
            eventually(lambda: len(hook.received()) == 5)
            assert hook.received()[-1].headers["webhook-id"] == again["id"] == deliveries[0]["id"]
            assert json.loads(hook.received()[-1].body) in bodies
        finally:
            alice.delete_webhook(created["webhook"]["id"])


def test_a_real_upload_and_its_deletion_reach_the_receiver_through_the_stream(
    stack: Stack, alice: MediaPipeClient
) -> None:
    with receiver(204) as hook:
        # GIVEN an endpoint for every event
        created = alice.create_webhook(hook.url, ALL_EVENTS, "end to end")
        verifier = Verifier(created["secret"])
        try:
            # WHEN a photo is uploaded and processed, a damaged one is refused, and the photo deleted
            photo = upload_bytes(alice, media_factory.jpeg(320, 240), "hooked.jpg", "image/jpeg")
            damaged = upload_bytes(alice, b"\xff\xd8\xff\xe0 not really a jpeg", "broken.jpg", "image/jpeg")
            ready = alice.wait(photo["id"])
            assert ready["status"] == "READY" and alice.wait(damaged["id"])["status"] == "REJECTED"
            assert alice.delete(photo["id"])

            def events() -> list[tuple[str, str, float]]:
                found = []
                for request in hook.received():
                    body = verifier.verify(request.body, request.headers)
                    if body["data"]["id"] in {photo["id"], damaged["id"]}:
                        found.append((body["type"], body["data"]["id"], request.at))
                return found

            eventually(lambda: len(events()) >= 3)
            # THEN each event came once, signed, for the right item
            assert sorted((kind, media_id) for kind, media_id, _ in events()) == sorted(
                [
                    ("media.ready", photo["id"]),
                    ("media.rejected", damaged["id"]),
                    ("media.deleted", photo["id"]),
                ]
            )
            arrived = next(at for kind, _, at in events() if kind == "media.ready")
            lag = arrived - datetime.fromisoformat(ready["updatedAt"]).timestamp()
            print(f"\nstatus change (READY) -> webhook receiver: {lag * 1000:.0f} ms")
        finally:
            alice.delete_webhook(created["webhook"]["id"])


def _changes(owner: str, now: datetime) -> list[tuple[Any, Any]]:
    """(old, new) of four items: READY, REJECTED, FAILED, and one removed."""

    def processing() -> Any:
        return media_item(owner=owner, id=new_media_id(), status=MediaStatus.PROCESSING, updated_at=now)

    later = now + timedelta(seconds=1)
    ready, rejected, failed, gone = processing(), processing(), processing(), processing()
    return [
        (ready, replace(ready, status=MediaStatus.READY, updated_at=later)),
        (
            rejected,
            replace(
                rejected,
                status=MediaStatus.REJECTED,
                error=ItemError(ErrorCode.CORRUPT, "not an image"),
                updated_at=later,
            ),
        ),
        (failed, replace(failed, status=MediaStatus.FAILED, updated_at=later)),
        (replace(gone, status=MediaStatus.READY, deleting_since=later), None),
    ]
