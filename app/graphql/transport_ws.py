"""The graphql-transport-ws protocol (graphql-ws's PROTOCOL.md), spoken one message at a time.

API Gateway's WebSocket API holds the socket and hands each `$connect`, message and `$disconnect`
to the realtime function as a separate event, so nothing lives in memory between two messages:
what the protocol must remember (whether `connection_init` was accepted, for whom, which
subscriptions are open) is in the realtime table, and what it says goes out through the
@connections management API. The notifier sends the `next` messages (app/graphql/live.py).

Two rules of the protocol cannot be kept this way, and are said here rather than faked: the
server closing a connection that never sent `connection_init` (4408) needs a timer, which a
function invoked per message has not (API Gateway's idle timeout closes it after ten minutes);
and API Gateway closes every connection it is told to with code 1000, so the codes below reach
clients of the local stack only (they are logged in AWS).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import IntEnum
from typing import Any

from app.domain.live import ConnectionStore, LiveSubscription, Push
from app.graphql.live import LiveDocuments

logger = logging.getLogger(__name__)

PROTOCOL = "graphql-transport-ws"
MAX_ID_LENGTH = 128

# Who the `connection_init` payload says the caller is (a verified token's owner), else None.
Authenticate = Callable[[Mapping[str, Any]], str | None]


class CloseCode(IntEnum):
    BAD_REQUEST = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    SUBSCRIBER_EXISTS = 4409
    TOO_MANY_INITIALISATIONS = 4429


class TransportWs:
    def __init__(
        self,
        store: ConnectionStore,
        push: Push,
        documents: LiveDocuments,
        authenticate: Authenticate,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._push = push
        self._documents = documents
        self._authenticate = authenticate
        self._clock = clock

    def connect(self, connection_id: str) -> None:
        self._store.open(connection_id, now=self._clock())

    def disconnect(self, connection_id: str) -> None:
        self._store.close(connection_id)

    def receive(self, connection_id: str, body: str | None) -> None:
        message = _message(body)
        if message is None:
            self._close(connection_id, CloseCode.BAD_REQUEST, "Invalid message received")
            return
        kind = message["type"]
        if kind == "connection_init":
            self._init(connection_id, message.get("payload"))
        elif kind == "ping":
            self._push.send(connection_id, {"type": "pong"})
        elif kind == "pong":
            return
        elif kind == "subscribe":
            self._subscribe(connection_id, message)
        elif kind == "complete":
            self._store.remove(connection_id, message["id"])
        else:
            self._close(connection_id, CloseCode.BAD_REQUEST, f"Unexpected message of type {kind!r}")

    def _init(self, connection_id: str, payload: object) -> None:
        owner = self._authenticate(payload) if isinstance(payload, Mapping) else None
        if owner is None:
            self._close(connection_id, CloseCode.FORBIDDEN, "Forbidden")
            return
        if not self._store.accept(connection_id, owner):
            self._close(connection_id, CloseCode.TOO_MANY_INITIALISATIONS, "Too many initialisation requests")
            return
        self._push.send(connection_id, {"type": "connection_ack"})

    def _subscribe(self, connection_id: str, message: Mapping[str, Any]) -> None:
        connection = self._store.get(connection_id)
        if connection is None or connection.owner is None:
            self._close(connection_id, CloseCode.UNAUTHORIZED, "Unauthorized")
            return
        checked = self._documents.check(message.get("payload"))
        if isinstance(checked, list):
            self._push.send(connection_id, {"id": message["id"], "type": "error", "payload": checked})
            return
        subscription = LiveSubscription(
            connection_id=connection_id,
            id=message["id"],
            owner=connection.owner,
            media_id=checked.media_id,
            query=checked.query,
            variables=checked.variables,
            operation_name=checked.operation_name,
        )
        if not self._store.add(subscription, now=self._clock()):
            self._close(
                connection_id, CloseCode.SUBSCRIBER_EXISTS, f"Subscriber for {message['id']} already exists"
            )

    def _close(self, connection_id: str, code: CloseCode, reason: str) -> None:
        logger.info("closing connection %s: %d %s", connection_id, code, reason)
        self._push.disconnect(connection_id, int(code), reason)
        self._store.close(connection_id)


def _message(body: str | None) -> dict[str, Any] | None:
    """The message, if it is one the protocol knows the shape of; None for anything else."""
    try:
        message = json.loads(body or "")
    except ValueError:
        return None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return None
    if message["type"] in {"subscribe", "complete"}:
        subscription_id = message.get("id")
        if not isinstance(subscription_id, str) or not 0 < len(subscription_id) <= MAX_ID_LENGTH:
            return None
    return message
