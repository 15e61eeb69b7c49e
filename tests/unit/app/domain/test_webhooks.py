"""Which media changes are webhook events, the deliveries' ids, and what a payload holds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaStatus, Variant, VariantRole
from app.domain.webhook_messages import DeliveryMessage, decode_delivery, encode_delivery
from app.domain.webhooks import (
    MediaEvent,
    WebhookEvent,
    delivery_id,
    events_for_change,
    is_delivery_id,
    payload,
    snapshot,
)
from tests.factories import T0, media_item

PROCESSING = media_item(status=MediaStatus.PROCESSING, attempt=1, updated_at=T0 + timedelta(seconds=1))
READY = replace(PROCESSING, status=MediaStatus.READY, updated_at=T0 + timedelta(seconds=2))


def test_a_status_moving_into_a_terminal_one_is_its_event() -> None:
    for status, event in (
        (MediaStatus.READY, WebhookEvent.MEDIA_READY),
        (MediaStatus.REJECTED, WebhookEvent.MEDIA_REJECTED),
        (MediaStatus.FAILED, WebhookEvent.MEDIA_FAILED),
    ):
        new = replace(PROCESSING, status=status, updated_at=T0 + timedelta(seconds=2))
        [change] = events_for_change(PROCESSING, new)
        assert (change.event, change.item, change.occurred_at) == (event, new, new.updated_at)


def test_changes_that_stay_or_move_elsewhere_make_no_event() -> None:
    # GIVEN a claim, a write that leaves READY as it was (the delete beginning), a new item
    claimed = events_for_change(media_item(), PROCESSING)
    unchanged = events_for_change(READY, replace(READY, deleting_since=T0 + timedelta(seconds=3)))
    created = events_for_change(None, media_item())
    # THEN none is an event
    assert claimed == unchanged == created == []


def test_a_removed_item_is_deleted_at_the_moment_its_delete_began() -> None:
    deleting = replace(READY, deleting_since=T0 + timedelta(seconds=5))
    [change] = events_for_change(deleting, None)
    assert (change.event, change.item, change.occurred_at) == (
        WebhookEvent.MEDIA_DELETED,
        deleting,
        deleting.deleting_since,
    )
    assert events_for_change(None, None) == []


def test_the_same_change_seen_twice_gets_the_same_delivery_id_and_nothing_else_does() -> None:
    # GIVEN one change, recorded twice by the stream
    first, again = events_for_change(PROCESSING, READY), events_for_change(PROCESSING, READY)
    # WHEN ids are made for two endpoints, and for the item READY again after a reprocess
    reprocessed = replace(READY, attempt=2, updated_at=T0 + timedelta(minutes=5))
    [later] = events_for_change(replace(reprocessed, status=MediaStatus.PROCESSING), reprocessed)
    ids = {delivery_id("hook-a", first[0]), delivery_id("hook-b", first[0]), delivery_id("hook-a", later)}
    # THEN the repeat is the same delivery, every other pair differs
    assert delivery_id("hook-a", first[0]) == delivery_id("hook-a", again[0])
    assert len(ids) == 3
    assert all(is_delivery_id(i) for i in ids)


def test_delivery_ids_sort_by_the_time_of_the_change() -> None:
    early = MediaEvent(WebhookEvent.MEDIA_READY, READY, T0, "v1")
    late = MediaEvent(WebhookEvent.MEDIA_READY, READY, T0 + timedelta(milliseconds=1), "v0")
    assert delivery_id("z", early) < delivery_id("a", late)


def test_the_payload_is_the_item_as_graphql_names_it_without_urls() -> None:
    variant = Variant("w320", "webp", 320, 200, 1234, "media/o/i/w320.webp", "image/webp", VariantRole.IMAGE)
    item = replace(READY, variants=(variant,), metadata={"width": 640}, blurhash="LEHV6n")
    body = json.loads(payload(events_for_change(PROCESSING, item)[0]))
    assert body["type"] == "media.ready"
    assert body["timestamp"] == "2026-01-01T00:00:02.000Z"
    assert body["data"] == snapshot(item)
    assert body["data"]["variants"] == [
        {
            "name": "w320",
            "role": "IMAGE",
            "contentType": "image/webp",
            "animated": False,
            "format": "webp",
            "width": 320,
            "height": 200,
            "bytes": 1234,
            "durationSeconds": None,
            "bitrate": None,
            "codecs": None,
        }
    ]
    assert "url" not in json.dumps(body["data"]["variants"])


def test_a_refused_item_carries_its_error() -> None:
    rejected = replace(
        PROCESSING, status=MediaStatus.REJECTED, error=ItemError(ErrorCode.CORRUPT, "bad bytes")
    )
    assert snapshot(rejected)["error"] == {"code": "CORRUPT", "message": "bad bytes"}


def test_queue_messages_round_trip_and_refuse_what_is_not_ours() -> None:
    message = DeliveryMessage("owner-1", "msg_01JD2W3X4Y5Z6A7B8C9D0EFGHJ")
    assert decode_delivery(encode_delivery(message)) == message
    assert (
        decode_delivery('{"type": "mediapipe.webhook-delivery", "owner": "a/b", "deliveryId": "x"}') is None
    )
    assert decode_delivery("not json") is None
    assert decode_delivery('{"Records": []}') is None
