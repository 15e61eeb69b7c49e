"""Requests exactly as boto3 sends them, captured before they leave the process (no network)."""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from app.local.credentials import Credentials
from app.local.guard.sigv4 import Request

ENDPOINT = "http://127.0.0.1:4566"
HOST = "127.0.0.1:4566"


class _Captured(Exception):
    def __init__(self, request: Any) -> None:
        self.request = request


@pytest.fixture(scope="session")
def credentials() -> Credentials:
    return Credentials.generate()


def aws_client(service: str, credentials: Credentials, **config: Any) -> Any:
    return _client(service, credentials, tuple(sorted(config.items())))


@cache  # a client takes a second to build; the tests need a few dozen
def _client(service: str, credentials: Credentials, config: tuple[tuple[str, Any], ...]) -> Any:
    return boto3.session.Session().client(  # type: ignore[call-overload]
        service,
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        config=Config(retries={"max_attempts": 1}, **dict(config)),
    )


def sent(service: str, credentials: Credentials, operation: str, **params: Any) -> Request:
    """The request boto3 would put on the wire for `operation`, as the guard sees it."""
    client = aws_client(service, credentials)
    # A handler of this test's own on a shared client: unregistered below, whatever happens.

    def capture(request: Any, **_: Any) -> None:
        raise _Captured(request)

    client.meta.events.register("before-send", capture)
    try:
        getattr(client, operation)(**params)
    except _Captured as captured:
        return from_url(
            captured.request.method, captured.request.url, captured.request.headers, captured.request.body
        )
    raise AssertionError("nothing was sent")


def from_url(method: str, url: str, headers: Any = (), body: Any = b"") -> Request:
    parts = urlsplit(url)
    data = body.read() if hasattr(body, "read") else body or b""
    named = {str(k).lower(): v.decode() if isinstance(v, bytes) else str(v) for k, v in dict(headers).items()}
    return Request(
        method=method,
        target=parts.path + (f"?{parts.query}" if parts.query else ""),
        headers={"host": parts.netloc, **named},
        body=data.encode() if isinstance(data, str) else data,
    )
