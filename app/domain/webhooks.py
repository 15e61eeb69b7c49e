"""Webhooks: what an owner subscribes to, which media changes are events, and what a delivery is.

Pure: the media table's stream hands the notifier each change as the item before and after it;
`events_for_change` says which events that change is, and the service (webhook_service.py) records
one delivery per subscribed endpoint. The stream is at-least-once, so the same change can arrive
twice, late, or after a newer one: a delivery's id is derived from the change itself (`delivery_id`),
never drawn at random, and a second record of one change finds its delivery there already.

Payloads follow the Standard Webhooks specification's shape (`type`, `timestamp`, `data`); `data`
is the item as GraphQL names its fields, without variant URLs: those are signed and expire, so a
receiver asks `media(id)` for fresh ones.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from app.domain import keys
from app.domain.models import MediaItem, MediaStatus


class WebhookEvent(StrEnum):
    MEDIA_READY = "media.ready"
    MEDIA_REJECTED = "media.rejected"
    MEDIA_FAILED = "media.failed"
    MEDIA_DELETED = "media.deleted"


# The status an item moves into that makes each event (media.deleted is the item's removal).
EVENT_OF_STATUS: dict[MediaStatus, WebhookEvent] = {
    MediaStatus.READY: WebhookEvent.MEDIA_READY,
    MediaStatus.REJECTED: WebhookEvent.MEDIA_REJECTED,
    MediaStatus.FAILED: WebhookEvent.MEDIA_FAILED,
}

SECRET_PREFIX = "whsec_"  # noqa: S105  # the specification's prefix, not a secret
SECRET_BYTES = 32  # the specification asks for 24 to 64 random bytes


def new_secret() -> str:
    """A signing secret as the specification writes it: `whsec_` and the key's bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


@dataclass(frozen=True, slots=True)
class Webhook:
    """An owner's endpoint. `secret` signs every delivery; after a rotation `previous_secret` signs
    too until `previous_secret_until`, so a receiver can switch keys without refusing a delivery."""

    owner: str
    id: str
    url: str
    events: frozenset[WebhookEvent]
    description: str
    secret: str
    created_at: datetime
    updated_at: datetime
    enabled: bool = True
    # Why it was switched off (by us, after it kept failing; or by its owner): shown to the owner.
    disabled_reason: str | None = None
    # Deliveries that ended FAILED since the last one that got through.
    consecutive_failures: int = 0
    previous_secret: str | None = None
    previous_secret_until: datetime | None = None

    def subscribes(self, event: WebhookEvent) -> bool:
        return self.enabled and event in self.events

    def signing_secrets(self, now: datetime) -> tuple[str, ...]:
        """The secrets a delivery made now is signed with: the current one, and the one before it
        while its grace period lasts."""
        if self.previous_secret and self.previous_secret_until and now < self.previous_secret_until:
            return (self.secret, self.previous_secret)
        return (self.secret,)


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"  # queued, or waiting for its next attempt
    SUCCEEDED = "SUCCEEDED"  # the endpoint answered 2xx
    FAILED = "FAILED"  # every attempt failed (its message is in the DLQ), or the endpoint went away


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event for one endpoint, and how its attempts went. `id` is the `webhook-id` header of
    every attempt, retries and redeliveries alike, so receivers can deduplicate by it."""

    owner: str
    id: str
    webhook_id: str
    event: WebhookEvent
    media_id: str
    payload: str  # the exact body every attempt sends (its signature covers these bytes)
    created_at: datetime
    expires_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    queued: bool = False  # its message is on the queue (a crash before that is healed on redelivery)
    attempts: int = 0
    last_attempt_at: datetime | None = None
    next_attempt_at: datetime | None = None
    response_status: int | None = None  # the last attempt's HTTP status, if it got one
    error: str | None = None  # the last failed attempt's reason
    duration_ms: int | None = None  # how long the last attempt took


@dataclass(frozen=True, slots=True)
class MediaEvent:
    """One event a media change makes: the item it is about (as it was removed, for media.deleted),
    when it happened, and what identifies this change among the item's changes."""

    event: WebhookEvent
    item: MediaItem
    occurred_at: datetime
    version: str


def events_for_change(old: MediaItem | None, new: MediaItem | None) -> list[MediaEvent]:
    """The events one change of the media table makes: a status moving into READY, REJECTED or
    FAILED from another status; an item removed. Any other change (a claim, a history entry, the
    start of a delete) makes none, and so does a repeated record of one change: its old image shows
    the status already reached."""
    if new is None:
        if old is None:
            return []
        # The delete began (deletingSince) before the item went: that moment names the removal.
        at = old.deleting_since or old.updated_at
        return [MediaEvent(WebhookEvent.MEDIA_DELETED, old, at, _version(old))]
    event = EVENT_OF_STATUS.get(new.status)
    if event is None or (old is not None and old.status == new.status):
        return []
    return [MediaEvent(event, new, new.updated_at, _version(new))]


def _version(item: MediaItem) -> str:
    """What tells this state of the item from its others: every status write sets `updatedAt`, and
    a reprocessed item reaching READY again does so under a new attempt."""
    return f"{item.updated_at.astimezone(UTC).isoformat(timespec='microseconds')}#{item.attempt}"


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DELIVERY_ID_PREFIX = "msg_"


def is_delivery_id(value: str) -> bool:
    return value.startswith(DELIVERY_ID_PREFIX) and keys.is_media_id(value[len(DELIVERY_ID_PREFIX) :])


def delivery_id(webhook_id: str, change: MediaEvent) -> str:
    """`msg_` and a ULID: the change's time in milliseconds (so ids sort by when things happened),
    then 80 bits of a hash of (endpoint, item, event, version). The same change for the same
    endpoint always gets the same id; nothing else does, short of a hash collision."""
    digest = hashlib.sha256(
        "\n".join((webhook_id, change.item.id, change.event.value, change.version)).encode()
    ).digest()
    millis = int(change.occurred_at.timestamp() * 1000) & (2**48 - 1)
    value = (millis << 80) | int.from_bytes(digest[:10], "big")
    chars = [_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5)]
    return DELIVERY_ID_PREFIX + "".join(chars)


def snapshot(item: MediaItem) -> dict[str, Any]:
    """The item as GraphQL's `Media` names its fields; variants without URLs (those expire)."""
    return {
        "id": item.id,
        "filename": item.filename,
        "contentType": item.content_type,
        "kind": item.kind.value,
        "size": item.size,
        "status": item.status.value,
        "error": None
        if item.error is None
        else {"code": item.error.code.value, "message": item.error.message},
        "createdAt": _iso(item.created_at),
        "updatedAt": _iso(item.updated_at),
        "preset": item.preset,
        "blurhash": item.blurhash,
        "dominantColor": item.dominant_color,
        "metadata": item.metadata or None,
        "variants": [
            {
                "name": v.name,
                "role": v.role.value,
                "contentType": v.content_type,
                "animated": v.animated,
                "format": v.format,
                "width": v.width,
                "height": v.height,
                "bytes": v.bytes,
                "durationSeconds": v.duration_s,
                "bitrate": v.bitrate,
                "codecs": v.codecs,
            }
            for v in item.variants
        ],
    }


def payload(change: MediaEvent) -> str:
    """The body of every attempt of a delivery: compact JSON, as the signature covers its bytes."""
    body = {"type": change.event.value, "timestamp": _iso(change.occurred_at), "data": snapshot(change.item)}
    return json.dumps(body, separators=(",", ":"), sort_keys=True, default=str)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
