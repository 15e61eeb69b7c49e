"""The WSGI app in front of moto: every request is checked as AWS would check it before moto sees it.

In order: the Host header must be the emulator's own (DNS rebinding); a browser's Origin must be
the stack's; preflights are answered here; the admin API (/moto-api: reset, dashboard, state) is
never served; then the request must be signed with the stack's secret, be one of the calls AWS
serves unsigned, or be a browser POST upload whose signed policy it satisfies. moto's own CORS
headers are replaced on every answer (`cors.py`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from werkzeug.datastructures import EnvironHeaders
from werkzeug.exceptions import ClientDisconnected
from werkzeug.wsgi import get_input_stream

from app.local.credentials import Credentials
from app.local.guard import sigv4
from app.local.guard.cors import CorsPolicy, Headers
from app.local.guard.form import read_form
from app.local.guard.post_policy import verify_post
from app.local.guard.public import is_public
from app.local.guard.refusals import Reason, Refused

# moto hands these paths to its admin app, whatever else the request says (werkzeug_app.py).
ADMIN_PATHS = ("/moto-api", "/favicon.ico")
# A browser upload is a POST to the bucket itself: path-style, as the stack's presigned URLs are.
_BUCKET_PATH = re.compile(r"/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/?")
_STATUS_TEXT = {200: "OK", 400: "Bad Request", 403: "Forbidden"}


class EmulatorGuard:
    def __init__(
        self,
        app: WSGIApplication,
        *,
        credentials: Credentials,
        origins: Iterable[str],
        hosts: Iterable[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`hosts` are the Host header values the emulator answers (name:port)."""
        self._app = app
        self._credentials = credentials
        self._cors = CorsPolicy.of(origins)
        self._hosts = frozenset(host.lower() for host in hosts)
        self._clock = clock

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("HTTP_HOST", "").lower() not in self._hosts:
            return _answer(start_response, 400, [("Content-Type", "text/plain")], b"Invalid host header")
        origin: str | None = environ.get("HTTP_ORIGIN")
        json_protocol = "HTTP_X_AMZ_TARGET" in environ
        try:
            preflight = self._check_origin(environ, origin)
            if preflight is not None:
                return _answer(start_response, 200, preflight, b"")
            self._admit(environ)
        except Refused as refused:
            status, content_type, body = refused.render(json_protocol=json_protocol)
            headers = self._cors.response_headers(origin, [("Content-Type", content_type)])
            return _answer(start_response, status, headers, body)

        def start(status: str, headers: Headers, exc_info: Any = None) -> Callable[[bytes], object]:
            return start_response(status, self._cors.response_headers(origin, headers), exc_info)

        return self._app(environ, start)

    def _check_origin(self, environ: WSGIEnvironment, origin: str | None) -> Headers | None:
        """Refused for a foreign origin; the answer itself for an allowed origin's preflight."""
        if origin is None:
            return None
        if not self._cors.allows(origin):
            raise Refused(Reason.FOREIGN_ORIGIN)
        method = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if environ["REQUEST_METHOD"] != "OPTIONS" or method is None:
            return None
        return self._cors.preflight(origin, method, environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", ""))

    def _admit(self, environ: WSGIEnvironment) -> None:
        """Returns when the request may reach moto; Refused otherwise."""
        path: str = environ.get("PATH_INFO", "")
        if path.startswith(ADMIN_PATHS):
            raise Refused(Reason.ADMIN_API)
        request = sigv4.Request(
            method=environ["REQUEST_METHOD"],
            target=_target(environ),
            headers={name.lower(): value for name, value in EnvironHeaders(environ).items()},
            body=_buffer_body(environ),
        )
        now = self._clock()
        if sigv4.is_signed(request):
            sigv4.verify(request, self._credentials, now)
        elif is_public(request.method, path, request.headers.get("x-amz-target", "")):
            return
        elif (bucket := _upload_bucket(environ, request)) is not None:
            verify_post(
                read_form(request.headers.get("content-type", ""), request.body),
                bucket,
                self._credentials,
                now,
            )
        else:
            raise Refused(Reason.UNSIGNED)


def _upload_bucket(environ: WSGIEnvironment, request: sigv4.Request) -> str | None:
    """The bucket a browser POST upload is for, if that is what the request is."""
    match = _BUCKET_PATH.fullmatch(environ.get("PATH_INFO", ""))
    if request.method != "POST" or match is None or "x-amz-target" in request.headers:
        return None
    if environ.get("QUERY_STRING") or request.headers.get("content-encoding"):
        # moto would read these (?delete, a gzipped form) differently from the form checked here.
        raise Refused(Reason.BAD_FORM, "a POST upload has no query string and no content encoding")
    return match.group(1)


def _target(environ: WSGIEnvironment) -> str:
    """The request target as the client sent it: what it signed, percent-encoding and all."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if isinstance(raw, str) and raw:
        return raw
    path, query = str(environ.get("PATH_INFO", "/")), str(environ.get("QUERY_STRING", ""))
    return path + (f"?{query}" if query else "")


def _buffer_body(environ: WSGIEnvironment) -> bytes:
    """Read the body once, for the signature, and hand moto an identical stream."""
    try:
        body = get_input_stream(environ).read()
    except ClientDisconnected:
        raise Refused(Reason.BAD_FORM, "the body ended before its Content-Length") from None
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _answer(start_response: StartResponse, status: int, headers: Headers, body: bytes) -> list[bytes]:
    start_response(f"{status} {_STATUS_TEXT[status]}", [*headers, ("Content-Length", str(len(body)))])
    return [body]
