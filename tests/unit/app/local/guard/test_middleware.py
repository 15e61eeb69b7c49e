"""The guard in front of a stand-in for moto: what reaches it, and what each refusal looks like."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

import pytest
from werkzeug.test import Client

from app.local.credentials import Credentials
from app.local.guard.middleware import EmulatorGuard
from tests.unit.app.local.guard.conftest import HOST, sent

UI = "http://127.0.0.1:8000"
COGNITO = "AWSCognitoIdentityProviderService"


class Moto:
    """Answers 200 and grants every origin, as moto's flask-cors does; records what reached it."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        self.bodies.append(environ["wsgi.input"].read())
        start_response("200 OK", [("Access-Control-Allow-Origin", environ.get("HTTP_ORIGIN", "*"))])
        return [b"moto"]


@pytest.fixture
def moto() -> Moto:
    return Moto()


@pytest.fixture
def guarded(moto: Moto, credentials: Credentials) -> Client:
    return Client(EmulatorGuard(moto, credentials=credentials, origins=[UI], hosts=[HOST]))


def call(client: Client, method: str, path: str = "/", **headers: str) -> Any:
    return client.open(path, method=method, headers={"Host": HOST, **headers})


def test_a_foreign_host_is_refused_before_anything_else(guarded: Client, moto: Moto) -> None:
    response = guarded.get(
        "/us-east-1_abc/.well-known/jwks.json", headers={"Host": f"rebind.example:{HOST.split(':')[1]}"}
    )
    assert response.status_code == 400
    assert moto.bodies == []


def test_the_admin_api_is_never_served(guarded: Client, moto: Moto) -> None:
    for path in ("/moto-api/reset", "/moto-api/", "/moto-api/data.json", "/favicon.ico"):
        assert call(guarded, "POST", path).status_code == 403
    assert moto.bodies == []


def test_public_calls_pass_with_the_stacks_cors_and_others_are_refused(guarded: Client, moto: Moto) -> None:
    sign_in = call(guarded, "POST", Origin=UI, **{"X-Amz-Target": f"{COGNITO}.InitiateAuth"})
    assert sign_in.status_code == 200
    assert sign_in.headers.getlist("Access-Control-Allow-Origin") == [UI]
    assert call(guarded, "GET", "/us-east-1_abc/.well-known/jwks.json").status_code == 200
    admin = call(guarded, "POST", **{"X-Amz-Target": f"{COGNITO}.AdminCreateUser"})
    assert (admin.status_code, json.loads(admin.text)["__type"]) == (
        403,
        "MissingAuthenticationTokenException",
    )
    foreign = call(
        guarded, "POST", Origin="http://127.0.0.1:9", **{"X-Amz-Target": f"{COGNITO}.InitiateAuth"}
    )
    assert foreign.status_code == 403
    assert "Access-Control-Allow-Origin" not in foreign.headers
    assert len(moto.bodies) == 2


def test_a_signed_request_reaches_moto_with_its_body_intact(
    guarded: Client, moto: Moto, credentials: Credentials
) -> None:
    put = sent("s3", credentials, "put_object", Bucket="uploads", Key="k", Body=b"the bytes")
    response = guarded.open(put.target, method="PUT", headers=dict(put.headers), data=put.body)
    assert response.status_code == 200, response.text
    assert moto.bodies == [b"the bytes"]


def test_an_unsigned_s3_read_is_refused_in_s3s_words(guarded: Client) -> None:
    response = call(guarded, "GET", "/uploads?list-type=2")
    assert response.status_code == 403
    assert "<Code>AccessDenied</Code>" in response.text
