"""Which Host header values the embedded stack answers.

A browser sends the name it looked up, not the address it reached: a page whose own domain has been
re-pointed at 127.0.0.1 (DNS rebinding) reaches a loopback server with its own domain in Host,
and same-origin rules then let it read every answer. Answering only the names a user types for
this machine closes that door.
"""

from __future__ import annotations

import contextlib
import socket

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARDS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104  # names of "every interface", not binds


def is_loopback(host: str) -> bool:
    return host in {"localhost", "::1", "[::1]"} or host.startswith("127.")


def server_names(bind_host: str) -> list[str]:
    """The names a server bound to `bind_host` is reached by: loopback's, and the bound name when it
    is another (for every interface, this machine's own names and addresses)."""
    names = list(LOOPBACK_NAMES)
    if bind_host in WILDCARDS:
        names += _this_machine()
    elif not is_loopback(bind_host):
        names.append(f"[{bind_host}]" if ":" in bind_host else bind_host)
    return list(dict.fromkeys(name.lower() for name in names))


def host_headers(bind_host: str, port: int) -> frozenset[str]:
    """Host header values, port included, for a server that only ever prints its port-ful URL."""
    return frozenset(f"{name}:{port}" for name in server_names(bind_host))


def _this_machine() -> list[str]:
    names = [socket.gethostname(), socket.getfqdn()]
    with contextlib.suppress(OSError):
        for *_, address in socket.getaddrinfo(socket.gethostname(), None):
            ip = str(address[0])
            names.append(f"[{ip}]" if ":" in ip else ip)
    return names
