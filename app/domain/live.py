"""Live updates: who listens to which items over a WebSocket, as the realtime function and the
notifier share it. The protocol spoken on the socket (graphql-transport-ws) is the API's
(app/graphql/transport_ws.py); this is what it stores and what it may send through.

A connection is opened by API Gateway's `$connect`, accepted for one owner by `connection_init`,
and holds subscriptions, each following one item or all of the owner's. API Gateway keeps a
connection at most two hours and drops one idle for ten minutes; a connection that went without
`$disconnect` (a crash) leaves rows the table's TTL removes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from app.domain.models import MediaItem

# API Gateway's longest connection, and a margin: rows of a connection it dropped outlive it briefly.
CONNECTION_TTL = timedelta(hours=2, minutes=10)


@dataclass(frozen=True, slots=True)
class Connection:
    id: str
    owner: str | None  # None until `connection_init` is accepted


@dataclass(frozen=True, slots=True)
class LiveSubscription:
    """One `subscribe` of a connection: the document to answer each change with, and what it follows."""

    connection_id: str
    id: str  # the client's id for it, unique on its connection
    owner: str
    media_id: str | None  # None: every item of the owner's
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    operation_name: str | None = None

    def follows(self, item: MediaItem) -> bool:
        """Only ever the owner's own items, whatever the subscription asked for."""
        return item.owner == self.owner and self.media_id in (None, item.id)


class ConnectionStore(Protocol):
    """The realtime table (app/adapters/realtime_schema.py)."""

    def open(self, connection_id: str, *, now: datetime) -> None:
        """Record a new connection, not yet accepted for anyone."""

    def get(self, connection_id: str) -> Connection | None: ...

    def accept(self, connection_id: str, owner: str) -> bool:
        """Bind the connection to its owner; False when it was bound before (or is gone)."""

    def add(self, subscription: LiveSubscription, *, now: datetime) -> bool:
        """Store the subscription; False when its connection already has one with that id."""

    def remove(self, connection_id: str, subscription_id: str) -> None: ...

    def close(self, connection_id: str) -> None:
        """Forget the connection and every subscription on it."""

    def following(self, owner: str) -> list[LiveSubscription]:
        """Every subscription of the owner's, on any connection."""


class Push(Protocol):
    """API Gateway's @connections management API (locally, the dev server's)."""

    def send(self, connection_id: str, message: dict[str, Any]) -> bool:
        """Post one message as JSON text; False when the connection is gone (GoneException)."""

    def disconnect(self, connection_id: str, code: int, reason: str) -> None:
        """Close the connection. API Gateway cannot name a close code (its DeleteConnection closes
        with 1000); the code is for the local stack, which honours it, and for the logs."""
