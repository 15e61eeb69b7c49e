"""The sender's HTTP client: one POST, to an address checked at connect time.

A name checked when the webhook was registered can resolve elsewhere at delivery (DNS rebinding):
here the name is resolved once per connection, every address it gives is judged by the domain's
rules (app/domain/webhook_targets.py), and the socket is opened to one of those very addresses, never
to a second lookup's. TLS still names the host (SNI and the certificate check use the URL's host;
httpcore starts TLS with it), and so does the Host header.

httpcore rather than httpx: its network backend is where a connection is opened, so the check sits
exactly there; it follows no redirect (a 3xx is an answer like any other: a failed attempt), and it
reads no proxy settings from the environment (a proxy would connect for us, unchecked).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore

from app.domain.ports import Response
from app.domain.webhook_targets import TargetPolicy, address_refusal

# host, port -> the addresses to connect to (a stub in tests: the real resolver asks DNS).
Resolver = Callable[[str, int], list[str]]
USER_AGENT = "mediapipe-webhooks/1"


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address webhooks may not reach; nothing was connected."""


@dataclass(frozen=True, slots=True)
class Limits:
    connect_s: float = 5.0
    # Per read and write: a receiver should answer at once and do its work afterwards.
    read_s: float = 10.0
    write_s: float = 10.0
    # The most of the answer's body read: only its status matters, the rest is never used.
    max_body_bytes: int = 4096


class CheckedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses the policy allows, resolved here, once."""

    def __init__(self, policy: TargetPolicy, resolver: Resolver) -> None:
        self._policy = policy
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self._resolver(host, port)
        except OSError as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error}") from error
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        # Every address, not only the first: a name answering with one public and one private
        # address could otherwise be steered to the private one by a failed connection.
        for address in addresses:
            if (refusal := address_refusal(address, self._policy)) is not None:
                raise AddressRefused(f"{host} resolves to a refused address: {refusal}")
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = httpcore.ConnectError(str(error))
        assert failure is not None
        raise failure


class WebhookHttp:
    """The webhook transport (app/domain/ports.py): each call is one POST on a fresh connection."""

    def __init__(
        self,
        policy: TargetPolicy,
        *,
        resolver: Resolver = system_resolver,
        limits: Limits | None = None,
    ) -> None:
        self._backend = CheckedBackend(policy, resolver)
        self._limits = limits or Limits()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Response:
        limits = self._limits
        started = time.monotonic()
        timeouts = {
            "connect": limits.connect_s,
            "read": limits.read_s,
            "write": limits.write_s,
            "pool": limits.connect_s,
        }
        sent = [
            (name.encode(), value.encode()) for name, value in {"user-agent": USER_AGENT, **headers}.items()
        ]
        # A pool per request: no connection outlives its check, and nothing is shared between endpoints.
        with httpcore.ConnectionPool(network_backend=self._backend, retries=0, max_connections=1) as pool:
            try:
                with pool.stream(
                    "POST", url, headers=sent, content=body, extensions={"timeout": timeouts}
                ) as answer:
                    _read_at_most(answer, limits.max_body_bytes)
                    status = answer.status
            except AddressRefused as refused:
                return Response(status=None, error=str(refused), duration_ms=_since(started))
            except httpcore.TimeoutException as error:
                return Response(
                    status=None, error=f"timed out ({type(error).__name__})", duration_ms=_since(started)
                )
            except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol) as error:
                return Response(
                    status=None, error=f"{type(error).__name__}: {error}", duration_ms=_since(started)
                )
        return Response(status=status, error=None, duration_ms=_since(started))


def _read_at_most(answer: httpcore.Response, limit: int) -> None:
    """Read no more of the body than `limit`: an endpoint cannot make us hold or wait for more."""
    read = 0
    for chunk in answer.iter_stream():
        read += len(chunk)
        if read >= limit:
            break


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
