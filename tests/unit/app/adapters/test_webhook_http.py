"""The sender's HTTP client against a receiver on loopback, with the resolver stubbed: the address
check happens at connect time, on the address the socket is opened to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.adapters.webhook_http import Limits, WebhookHttp
from app.domain.webhook_targets import TargetPolicy

LOCAL = TargetPolicy(allow_loopback=True)


class Receiver(BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None, bytes]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        Receiver.seen.append((self.path, self.headers["host"], body))
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("location", "/landed")
            self.end_headers()
            return
        if self.path == "/huge":
            self.send_response(200)
            self.send_header("content-length", str(50 * 1024 * 1024))
            self.end_headers()
            self.wfile.write(b"x" * 65536)  # and then nothing more: a reader waiting for it all would hang
            return
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def port() -> Iterator[int]:
    Receiver.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def resolving_to(*addresses: str, calls: list[str] | None = None) -> WebhookHttp:
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return list(addresses)

    return WebhookHttp(LOCAL, resolver=resolve, limits=Limits(read_s=2.0))


def test_it_connects_to_the_address_it_checked_and_names_the_host(port: int) -> None:
    # GIVEN a name the stub resolves, once, to loopback (allowed locally)
    calls: list[str] = []
    http = resolving_to("127.0.0.1", calls=calls)
    # WHEN a delivery is posted to it
    response = http.post(f"http://hooks.test:{port}/in", b"{}", {"webhook-id": "msg_1"})
    # THEN it reached our receiver under the URL's host name, resolved exactly once
    assert (response.status, response.error, response.ok) == (204, None, True)
    assert Receiver.seen == [("/in", f"hooks.test:{port}", b"{}")]
    assert calls == ["hooks.test"]


@pytest.mark.parametrize("address", ["169.254.169.254", "fd00:ec2::254", "10.0.0.7", "192.168.0.2"])
def test_a_name_resolving_to_a_private_or_metadata_address_is_never_connected(
    port: int, address: str
) -> None:
    response = resolving_to(address).post(f"http://hooks.test:{port}/in", b"{}", {})
    assert response.status is None and response.error is not None
    assert "refused address" in response.error
    assert Receiver.seen == []


def test_one_bad_address_among_good_ones_refuses_the_whole_name(port: int) -> None:
    response = resolving_to("127.0.0.1", "169.254.169.254").post(f"http://hooks.test:{port}/in", b"{}", {})
    assert response.status is None and "metadata" in (response.error or "")
    assert Receiver.seen == []


def test_loopback_is_refused_where_it_is_not_allowed(port: int) -> None:
    http = WebhookHttp(TargetPolicy(), resolver=lambda host, port: ["127.0.0.1"])
    response = http.post(f"http://hooks.test:{port}/in", b"{}", {})
    assert "loopback" in (response.error or "")
    assert Receiver.seen == []


def test_redirects_are_not_followed(port: int) -> None:
    response = resolving_to("127.0.0.1").post(f"http://hooks.test:{port}/redirect", b"{}", {})
    assert (response.status, response.ok) == (302, False)
    assert [path for path, _, _ in Receiver.seen] == ["/redirect"]


def test_a_huge_answer_is_read_no_further_than_the_cap(port: int) -> None:
    # The receiver announces 50 MiB and sends 64 KiB: reading past the cap would wait for the rest.
    response = resolving_to("127.0.0.1").post(f"http://hooks.test:{port}/huge", b"{}", {})
    assert response.status == 200


def test_nothing_listening_is_an_error_not_an_exception() -> None:
    response = resolving_to("127.0.0.1").post("http://hooks.test:9/in", b"{}", {})
    assert response.status is None and response.error
