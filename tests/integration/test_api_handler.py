"""The API Lambda's entry point with API Gateway (REST, proxy) events, against the emulator: the
owner is the `sub` of the claims the Cognito authorizer passes, never the API key's id nor a header
the client sends."""

from __future__ import annotations

import base64
import json
import logging
import sys
from typing import Any

import pytest

from app import handler as api
from app.adapters.dynamodb_repository import DynamoMediaRepository
from tests.emf import emf_points, json_lines
from tests.integration.conftest import Emulator


@pytest.fixture
def lambda_api(emulator: Emulator) -> Any:
    api._mangum.cache_clear()
    yield api.handler
    api._mangum.cache_clear()


def rest_event(query: str, variables: dict[str, Any] | None = None, *, sub: str | None) -> dict[str, Any]:
    body = json.dumps({"query": query, "variables": variables or {}})
    return {
        "resource": "/graphql",
        "path": "/graphql",
        "httpMethod": "POST",
        "headers": {"content-type": "application/json", "x-api-key": "the-secret-key", "Host": "api.example"},
        "multiValueHeaders": {
            "content-type": ["application/json"],
            "x-api-key": ["the-secret-key"],
            "Host": ["api.example"],
        },
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/graphql",
            "httpMethod": "POST",
            "path": "/prod/graphql",
            "stage": "prod",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "identity": {"apiKeyId": "apikeyid1", "apiKey": "the-secret-key", "sourceIp": "203.0.113.1"},
            # What a Cognito user pool authorizer adds: the verified token's claims, as strings.
            "authorizer": {"claims": {"sub": sub, "email": f"{sub}@example.com", "token_use": "id"}}
            if sub
            else None,
        },
        "body": body,
        "isBase64Encoded": False,
    }


def call(lambda_api: Any, query: str, variables: dict[str, Any] | None = None, *, sub: str | None) -> Any:
    response = lambda_api(rest_event(query, variables, sub=sub), None)
    body = response["body"]
    if response.get("isBase64Encoded"):
        body = base64.b64decode(body).decode()
    return response["statusCode"], json.loads(body)


CREATE = """mutation($in: CreateUploadInput!) {
  createUpload(input: $in) { media { id status } upload { url fields } }
}"""


def test_api_gateway_events_are_served_for_the_user_the_authorizer_verified(lambda_api: Any) -> None:
    variables = {"in": {"filename": "a.jpg", "contentType": "image/jpeg", "size": 100}}
    status, body = call(lambda_api, CREATE, variables, sub="user-a")
    assert status == 200, body
    created = body["data"]["createUpload"]
    assert created["media"]["status"] == "AWAITING_UPLOAD"
    assert created["upload"]["fields"]["key"] == f"originals/user-a/{created['media']['id']}"

    read = "query($id: ID!) { media(id: $id) { id } }"
    _, mine = call(lambda_api, read, {"id": created["media"]["id"]}, sub="user-a")
    assert mine["data"]["media"] == {"id": created["media"]["id"]}
    _, theirs = call(lambda_api, read, {"id": created["media"]["id"]}, sub="user-b")
    assert theirs["data"]["media"] is None


def test_without_verified_claims_the_answer_is_401(lambda_api: Any) -> None:
    status, body = call(lambda_api, "{ presets { name } }", sub=None)
    assert status == 401
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_work_budget_holds_across_lambda_instances(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a stack whose people may do 3 units of work at once (then 1 a minute)
    monkeypatch.setenv("MEDIAPIPE_WORK_BURST", "3")
    monkeypatch.setenv("MEDIAPIPE_WORK_PER_MINUTE", "1")
    aliased = """mutation($in: CreateUploadInput!) {
      a: createUpload(input: $in) { media { id } }
      b: createUpload(input: $in) { media { id } }
    }"""
    variables = {"in": {"filename": "a.jpg", "contentType": "image/jpeg", "size": 100}}
    answers = []
    # WHEN one person's requests, two aliased createUploads each, land on two cold containers in turn
    for _ in range(2):
        api._mangum.cache_clear()  # a new container: nothing in memory carries over
        answers.append(call(api.handler, aliased, variables, sub="budget-user")[1])
    api._mangum.cache_clear()
    # THEN the second container refuses the fourth upload: the budget is the table's, not a process's
    assert answers[0]["data"]["a"] and answers[0]["data"]["b"]
    assert answers[1]["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in answers[1]["errors"]] == [(["b"], "RATE_LIMITED")]
    assert answers[1]["errors"][0]["extensions"]["retryAfter"] >= 1


def test_an_upload_is_counted_logged_with_the_request_id_and_keeps_the_trace(
    lambda_api: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    emulator: Emulator,
) -> None:
    # The function's logger at INFO (the embedded stack's is quieter), its handler on this test's
    # stdout (it holds the one of when it was made)
    app_logger = logging.getLogger("app")
    level = app_logger.level
    app_logger.setLevel(logging.INFO)
    request.addfinalizer(lambda: app_logger.setLevel(level))
    monkeypatch.setattr(api.logger().registered_handler, "stream", sys.stdout)
    # GIVEN the trace header Lambda sets for a traced invocation
    monkeypatch.setenv(
        "_X_AMZN_TRACE_ID", "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1"
    )
    capsys.readouterr()
    # WHEN an upload is created through the API Lambda
    variables = {"in": {"filename": "clip.mp4", "contentType": "video/mp4", "size": 100}}
    status, body = call(lambda_api, CREATE, variables, sub="user-trace")
    assert status == 200, body
    media_id = body["data"]["createUpload"]["media"]["id"]
    out = capsys.readouterr().out
    # THEN one log line names the API Gateway request and the item together
    created = [line for line in json_lines(out) if line.get("message") == "Upload created"]
    assert [(line["request_id"], line["media_id"]) for line in created] == [
        ("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", media_id)
    ]
    # AND the upload is counted by kind, with no id or owner as a dimension
    (point,) = [p for p in emf_points(out) if p["name"] == "UploadsCreated"]
    assert {k: v for k, v in point["dimensions"].items() if k != "service"} == {"kind": "video"}
    assert not {media_id, "user-trace"} & set(point["dimensions"].values())
    assert point["value"] == 1
    # AND the item keeps the request's trace, for the processor's to name
    item = DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb")).get(
        "user-trace", media_id
    )
    assert item is not None
    assert item.trace_id == "1-67891233-abcdef012345678912345678"
