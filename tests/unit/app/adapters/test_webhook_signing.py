from __future__ import annotations

from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook as Verifier
from standardwebhooks.webhooks import WebhookVerificationError

from app.adapters.webhook_signing import StandardWebhooksSigner
from app.domain.webhooks import new_secret

BODY = '{"type":"media.ready"}'


def test_during_a_rotation_either_secret_verifies() -> None:
    old, new = new_secret(), new_secret()
    headers = StandardWebhooksSigner().headers([new, old], "msg_1", datetime.now(UTC), BODY)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-signature"].count("v1,") == 2
    for secret in (old, new):
        assert Verifier(secret).verify(BODY, headers) == {"type": "media.ready"}
    with pytest.raises(WebhookVerificationError):
        Verifier(new_secret()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Verifier(new).verify(BODY.replace("ready", "failed"), headers)
