"""What the client sees of an error and what the log keeps: a caller's mistakes get a stable code
and one line; only our own faults are masked and logged with a traceback."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.graphql.errors import INTERNAL_MESSAGE
from tests.unit.app.graphql.conftest import gql

LIST = "query($status: MediaStatus) { mediaList(status: $status) { nodes { id } } }"
CREATE = "mutation($input: CreateUploadInput!) { createUpload(input: $input) { media { id } } }"
UPLOAD = {"filename": "cat.jpg", "contentType": "image/jpeg", "size": 10}


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("app.graphql", "strawberry"))]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (LIST, {"status": "NOT_A_STATUS"}),
        (LIST, {"status": "READ"}),  # one letter short: no "Did you mean" either
        (CREATE, {"input": {**UPLOAD, "owner": "bob"}}),  # an unknown input field
        (CREATE, {"input": {"filename": "cat.jpg", "contentType": "image/jpeg"}}),  # one missing
        (CREATE, {"input": {**UPLOAD, "size": "ten"}}),  # the wrong type
        (CREATE, {}),  # a required variable not given
    ],
    ids=["unknown-enum", "near-enum", "unknown-field", "missing-field", "wrong-type", "no-variable"],
)
def test_variables_the_schema_does_not_take_are_invalid_input_in_one_line(
    client: TestClient, caplog: pytest.LogCaptureFixture, query: str, variables: dict[str, Any]
) -> None:
    # WHEN a request's variables do not fit the schema
    with caplog.at_level(logging.INFO):
        body = gql(client, query, variables).json()
    # THEN the answer says so with the input code, and the log has one line and no traceback
    error = body["errors"][0]
    assert body["data"] is None
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["message"] != INTERNAL_MESSAGE
    assert "Variable '$" in error["message"]
    assert "Did you mean" not in error["message"]
    logged = errors_logged(caplog)
    assert [(r.levelno, r.exc_info) for r in logged] == [(logging.WARNING, None)]
    assert "INVALID_INPUT" in logged[0].getMessage()


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ mediaList(status: NOT_A_STATUS) { nodes { id } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ presetz { name } }", "GRAPHQL_VALIDATION_FAILED"),
        # about a variable, yet about the document: not the variables' INVALID_INPUT
        ("query($unused: Int) { presets { name } }", "GRAPHQL_VALIDATION_FAILED"),
        ("query($s: String) { mediaList(status: $s) { nodes { id } } }", "GRAPHQL_VALIDATION_FAILED"),
        ("{ mediaList(", "GRAPHQL_PARSE_FAILED"),
    ],
)
def test_documents_that_do_not_parse_or_validate_are_coded_in_one_line(
    client: TestClient, caplog: pytest.LogCaptureFixture, query: str, code: str
) -> None:
    with caplog.at_level(logging.INFO):
        body = gql(client, query).json()
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert [(r.levelno, r.exc_info) for r in errors_logged(caplog)] == [(logging.WARNING, None)]


def test_a_coded_domain_error_is_one_line_without_a_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        body = gql(client, CREATE, {"input": {**UPLOAD, "contentType": "application/pdf"}}).json()
    assert body["errors"][0]["extensions"] == {"code": "UNSUPPORTED_TYPE"}
    logged = errors_logged(caplog)
    assert [(r.levelno, r.exc_info) for r in logged] == [(logging.WARNING, None)]
    assert logged[0].getMessage().startswith("GraphQL UNSUPPORTED_TYPE in createUpload: ")


def test_input_quoted_in_a_logged_message_cannot_start_a_line_of_its_own(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    forged = "image/x\nCRITICAL root: the database is gone"
    with caplog.at_level(logging.INFO):
        gql(client, CREATE, {"input": {**UPLOAD, "contentType": forged}})
    (line,) = [r.getMessage() for r in errors_logged(caplog)]
    assert "\n" not in line
    assert "\\nCRITICAL" in line


def test_our_own_faults_are_masked_and_logged_with_their_traceback(
    client: TestClient, service: MediaService, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_: Any, **__: Any) -> None:
        raise RuntimeError("secret internals: table arn:aws:dynamodb:...")

    service.get = explode  # type: ignore[method-assign]
    with caplog.at_level(logging.INFO):
        body = gql(client, 'query { media(id: "01JD2W3X4Y5Z6A7B8C9D000001") { id } }').json()
    assert body["errors"][0]["message"] == INTERNAL_MESSAGE
    assert "extensions" not in body["errors"][0]
    assert "secret" not in str(body)
    (record,) = errors_logged(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert "secret internals" in str(record.exc_info[1])
