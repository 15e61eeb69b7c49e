from __future__ import annotations

import io
import json

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from app.local.request_log import RequestLog


async def created(_: Request) -> Response:
    return PlainTextResponse("ok", status_code=201)


async def broken(_: Request) -> Response:
    raise RuntimeError("a fault of ours")


def logged(path: str) -> tuple[list[dict[str, object]], int | None]:
    out = io.StringIO()
    app = Starlette(
        routes=[Route(path, created, methods=["POST"]) for path in ("/graphql", "/assets/app.js", "/healthz")]
    )
    app.router.routes.append(Route("/boom", broken, methods=["POST"]))
    client = TestClient(RequestLog(app, out=out), raise_server_exceptions=False)
    status = client.post(path).status_code
    return [json.loads(line) for line in out.getvalue().splitlines()], status


def test_each_request_is_one_json_line_with_its_status_and_time() -> None:
    (line,), status = logged("/graphql")
    assert status == 201
    assert {k: line[k] for k in ("level", "message", "method", "path", "status")} == {
        "level": "INFO",
        "message": "request",
        "method": "POST",
        "path": "/graphql",
        "status": 201,
    }
    assert isinstance(line["ms"], float) and line["ms"] >= 0


@pytest.mark.parametrize("path", ["/assets/app.js", "/healthz"])
def test_static_files_and_the_health_check_are_left_out(path: str) -> None:
    assert logged(path)[0] == []


def test_a_fault_is_logged_as_an_error_with_the_500_the_client_got() -> None:
    (line,), status = logged("/boom")
    assert status == 500
    assert (line["level"], line["status"]) == ("ERROR", 500)
