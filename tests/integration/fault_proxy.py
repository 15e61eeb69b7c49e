"""An HTTP proxy in front of the emulator that fails chosen AWS calls, so tests can show what the
pipeline does when S3 or DynamoDB misbehave for a while, with real processes and real HTTP.

Clients use it as their HTTP proxy (HTTP_PROXY), not as their endpoint: requests then name the
emulator itself (absolute-form targets) and keep the Host their signature covers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

Matcher = Callable[[str, str, dict[str, str]], bool]  # (method, path, headers) -> fail it?

S3_SLOW_DOWN = (
    503,
    "application/xml",
    b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
)
DYNAMODB_THROTTLED = (
    400,
    "application/x-amz-json-1.0",
    b'{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}',
)


@dataclass
class Fault:
    matches: Matcher
    response: tuple[int, str, bytes]
    remaining: int | None  # None: for ever
    hits: int = 0


@dataclass
class FaultProxy:
    upstream: str
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def fail(self, matches: Matcher, response: tuple[int, str, bytes], times: int | None) -> Fault:
        fault = Fault(matches, response, times)
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()

    def _injected(self, method: str, path: str, headers: dict[str, str]) -> tuple[int, str, bytes] | None:
        with self.lock:
            for fault in self.faults:
                if (fault.remaining is None or fault.remaining > 0) and fault.matches(method, path, headers):
                    fault.hits += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault.response
        return None

    def start(self) -> FaultProxy:
        proxy = self
        upstream = httpx.Client(base_url=self.upstream, timeout=60)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:
                pass

            def _relay(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                injected = proxy._injected(self.command, self.path, headers)
                if injected is not None:
                    status, content_type, payload = injected
                    self._answer(status, {"content-type": content_type}, payload)
                    return
                forward = {
                    k: v for k, v in headers.items() if k not in {"host", "content-length", "connection"}
                }
                response = upstream.request(self.command, self.path, headers=forward, content=body)
                dropped = {"transfer-encoding", "connection", "content-encoding"}
                if self.command != "HEAD":  # a HEAD's length is the object's, not the (empty) body's
                    dropped.add("content-length")
                keep = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
                self._answer(response.status_code, keep, response.content)

            def _answer(self, status: int, headers: dict[str, str], payload: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                if "content-length" not in {k.lower() for k in headers}:
                    self.send_header("content-length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _relay  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()


def dynamodb(operation: str) -> Matcher:
    return lambda method, path, headers: headers.get("x-amz-target", "").endswith(f".{operation}")


def s3(method_name: str, path_part: str) -> Matcher:
    return lambda method, path, headers: (
        method == method_name and path_part in path and "x-amz-target" not in headers
    )
