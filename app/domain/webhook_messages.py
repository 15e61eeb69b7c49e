"""A delivery's message on the webhook queue: which delivery to attempt, nothing more. The body is
in the delivery record, so a message never carries an item's data or an endpoint's secret."""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.domain import keys
from app.domain.webhooks import is_delivery_id

DELIVERY_MESSAGE_TYPE = "mediapipe.webhook-delivery"


@dataclass(frozen=True, slots=True)
class DeliveryMessage:
    owner: str
    delivery_id: str


def encode_delivery(message: DeliveryMessage) -> str:
    return json.dumps(
        {"type": DELIVERY_MESSAGE_TYPE, "owner": message.owner, "deliveryId": message.delivery_id}
    )


def decode_delivery(body: str) -> DeliveryMessage | None:
    """The message in a queue body, or None when it is not one of ours."""
    try:
        decoded = json.loads(body)
    except ValueError:
        return None
    if not isinstance(decoded, dict) or decoded.get("type") != DELIVERY_MESSAGE_TYPE:
        return None
    owner, delivery_id = decoded.get("owner"), decoded.get("deliveryId")
    if not (
        isinstance(owner, str)
        and keys.is_owner(owner)
        and isinstance(delivery_id, str)
        and is_delivery_id(delivery_id)
    ):
        return None
    return DeliveryMessage(owner=owner, delivery_id=delivery_id)
