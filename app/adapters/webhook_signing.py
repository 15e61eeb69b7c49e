"""Standard Webhooks signatures, made by the specification's own library (`standardwebhooks`), so
what we send is what every receiver's library verifies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime


class StandardWebhooksSigner:
    def headers(self, secrets: Sequence[str], message_id: str, at: datetime, body: str) -> dict[str, str]:
        """One `v1,` signature per secret, space-separated: a receiver holding either secret (during a
        rotation) finds its own."""
        from standardwebhooks import Webhook  # only the sender Lambda needs it, at its first send

        at = at.astimezone(UTC)
        signatures = [Webhook(secret).sign(message_id, at, body) for secret in secrets]
        return {
            "webhook-id": message_id,
            "webhook-timestamp": str(int(at.timestamp())),
            "webhook-signature": " ".join(signatures),
        }
