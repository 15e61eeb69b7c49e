"""Live updates for the command line: one graphql-transport-ws connection to the stack's
`realtimeUrl` (found in the `/config.json` beside the API), with `mediaUpdated` subscriptions.

Hand-written on purpose: the protocol is six message types over one socket, and the clients that
speak it in Python (gql) bring an async stack the CLI does not otherwise need.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from app.client import operations
from app.client.api import ApiError

PROTOCOL = "graphql-transport-ws"
MEDIA_UPDATED = (
    "subscription Live($id: ID) { mediaUpdated(id: $id) { ...MediaFields } }" + operations.MEDIA_FIELDS
)
OPEN_TIMEOUT_S = 5.0


def realtime_url(graphql_url: str, http: httpx.Client | None = None) -> str:
    """Where the stack's WebSocket is: `/config.json`'s `realtimeUrl` (relative locally, the
    WebSocket API's wss:// URL in AWS), taken on the API's own origin; that path with ws(s)://
    when the stack says nothing."""
    parts = urlsplit(graphql_url)
    origin = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    said: object = None
    try:
        answer = (http or httpx).get(urljoin(origin, "config.json"), timeout=5.0)
        if answer.status_code == 200:
            said = answer.json().get("realtimeUrl")
    except (httpx.HTTPError, ValueError):
        said = None
    target = urljoin(graphql_url, said) if isinstance(said, str) and said else graphql_url
    split = urlsplit(target)
    scheme = {"http": "ws", "https": "wss"}.get(split.scheme, split.scheme)
    return urlunsplit((scheme, split.netloc, split.path, split.query, ""))


class LiveUpdates:
    """A connection accepted for the signed-in user; `next()` gives each Media pushed."""

    def __init__(self, url: str, id_token: Callable[[], str]) -> None:
        self._url = url
        self._id_token = id_token
        self._socket: ClientConnection | None = None
        self._count = 0

    def __enter__(self) -> LiveUpdates:
        try:
            # legacy=True: the connection itself (this class is the context that closes it).
            self._socket = connect(
                self._url, subprotocols=[Subprotocol(PROTOCOL)], open_timeout=OPEN_TIMEOUT_S, legacy=True
            )
        except (OSError, WebSocketException) as error:
            raise ApiError(f"Cannot open live updates at {self._url}: {error}", "UNREACHABLE") from error
        self._send({"type": "connection_init", "payload": {"Authorization": f"Bearer {self._id_token()}"}})
        try:
            first = self._receive(OPEN_TIMEOUT_S)
        except ApiError:
            first = None  # closed on us: refused (4403 locally; API Gateway closes with 1000)
        if first is None or first.get("type") != "connection_ack":
            raise ApiError("Live updates refused the connection (sign in again?)", "UNAUTHENTICATED")
        return self

    def __exit__(self, *_: object) -> None:
        if self._socket is not None:
            self._socket.close()

    def subscribe(self, media_id: str | None = None) -> str:
        """Follow one item, or every one of the user's; the subscription's id."""
        self._count += 1
        subscription_id = str(self._count)
        variables = {"id": media_id} if media_id is not None else {}
        self._send(
            {
                "id": subscription_id,
                "type": "subscribe",
                "payload": {"query": MEDIA_UPDATED, "variables": variables},
            }
        )
        return subscription_id

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next Media pushed; None when `timeout` seconds pass without one. Raises ApiError
        (UNREACHABLE) once the connection is lost, and the subscription's error if it is refused."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            message = self._receive(left)
            if message is None:
                return None
            kind = message.get("type")
            if kind == "ping":
                self._send({"type": "pong"})
            elif kind == "next":
                payload = message.get("payload") or {}
                if payload.get("errors"):
                    raise ApiError(payload["errors"][0].get("message", "error"), "ERROR")
                media: dict[str, Any] = payload["data"]["mediaUpdated"]
                return media
            elif kind == "error":
                errors = message.get("payload") or [{}]
                code = (errors[0].get("extensions") or {}).get("code", "ERROR")
                raise ApiError(errors[0].get("message", "subscription refused"), code)
            elif kind == "complete":
                raise ApiError("The item is gone (deleted)", "NOT_FOUND")
        return None

    def _send(self, message: dict[str, Any]) -> None:
        assert self._socket is not None
        self._socket.send(json.dumps(message))

    def _receive(self, timeout: float | None) -> dict[str, Any] | None:
        """The next message; None on timeout; ApiError UNREACHABLE once the connection is lost."""
        assert self._socket is not None
        try:
            raw = self._socket.recv(timeout=timeout)
        except TimeoutError:
            return None
        except ConnectionClosed as closed:
            raise ApiError(f"Live updates closed: {closed}", "UNREACHABLE") from closed
        message = json.loads(raw)
        return message if isinstance(message, dict) else None
