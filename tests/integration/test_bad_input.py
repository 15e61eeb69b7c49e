"""Bad input gets a clear, stable error and loses nothing, and never stalls the worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.client.api import ApiError, MediaPipeClient
from tests import media_factory as images
from tests.integration.conftest import Stack, eventually, upload_bytes


@pytest.mark.parametrize(
    ("filename", "content_type", "size", "code"),
    [
        ("doc.pdf", "application/pdf", 100, "UNSUPPORTED_TYPE"),
        ("x.svg", "image/svg+xml", 100, "UNSUPPORTED_TYPE"),
        ("page.html", "text/html", 100, "UNSUPPORTED_TYPE"),
        ("huge.jpg", "image/jpeg", 2**31 - 1, "TOO_LARGE"),
        ("empty.jpg", "image/jpeg", 0, "INVALID_INPUT"),
    ],
)
def test_create_upload_refuses_what_cannot_be_accepted(
    alice: MediaPipeClient, filename: str, content_type: str, size: int, code: str
) -> None:
    with pytest.raises(ApiError) as raised:
        alice.create_upload(filename, content_type, size)
    assert raised.value.code == code
    assert raised.value.message


@pytest.mark.parametrize(
    ("data", "declared", "code"),
    [
        (images.jpeg(300, 200)[:700], "image/jpeg", "CORRUPT"),
        (b"<html><body><script>alert(1)</script></body></html>", "image/png", "TYPE_MISMATCH"),
        (b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg", "TYPE_MISMATCH"),
        (b"PK\x03\x04" + b"\x00" * 200, "image/webp", "TYPE_MISMATCH"),
        (b"\x00" * 512, "image/jpeg", "TYPE_MISMATCH"),
    ],
)
def test_files_that_are_not_what_they_claim_end_rejected(
    alice: MediaPipeClient, data: bytes, declared: str, code: str
) -> None:
    media = upload_bytes(alice, data, "suspicious.file", declared)
    done = alice.wait(media["id"], timeout=60)
    assert done["status"] == "REJECTED"
    assert done["error"]["code"] == code
    assert done["error"]["message"]
    assert done["variants"] == []


def test_more_bytes_than_declared_are_rejected_even_when_they_reach_the_bucket(
    stack: Stack, alice: MediaPipeClient
) -> None:
    """The presigned POST refuses them (content-length-range: test_emulator_access.py); the
    processor checks the stored size anyway, for an object written some other way."""
    data = images.jpeg(300, 200)
    payload = alice.create_upload("liar.jpg", "image/jpeg", 100)  # declares 100 bytes
    key = payload["upload"]["fields"]["key"]
    stack.aws("s3").put_object(
        Bucket=stack.state["uploadsBucket"], Key=key, Body=data, ContentType="image/jpeg"
    )
    done = alice.wait(payload["media"]["id"], timeout=60)
    assert done["status"] == "REJECTED"
    assert done["error"]["code"] == "TOO_LARGE"


def test_a_phone_heic_named_jpg_style_mismatch_within_images_is_processed(alice: MediaPipeClient) -> None:
    """Declared JPEG, really PNG: same kind, so it is processed by what it really is."""
    media = upload_bytes(alice, images.encode(images.picture(120, 80), "PNG"), "shot.jpg", "image/jpeg")
    done = alice.wait(media["id"], timeout=60)
    assert done["status"] == "READY"
    assert done["metadata"]["detectedType"] == "image/png"


def test_the_worker_keeps_going_after_bad_files(alice: MediaPipeClient) -> None:
    bad = upload_bytes(alice, b"\xff\xd8\xff\xe0 broken", "bad.jpg", "image/jpeg")
    good = upload_bytes(alice, images.jpeg(200, 100), "good.jpg", "image/jpeg")
    assert alice.wait(bad["id"])["status"] == "REJECTED"
    assert alice.wait(good["id"])["status"] == "READY"


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "not-a-key"}])
def test_missing_or_wrong_keys_get_401(stack: Stack, headers: dict[str, str]) -> None:
    response = httpx.post(stack.graphql_url, json={"query": "{ presets { name } }"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def _unique(prefix: str) -> str:
    """A name no other request of the session carries, to find this request's line in the log."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def _post_and_read_log(stack: Stack, marker: str, body: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """POST as the signed-in user; return the answer and the server's log lines since."""
    start = stack.log.stat().st_size

    def since() -> str:
        return stack.log.read_bytes()[start:].decode(errors="replace")

    response = httpx.post(stack.graphql_url, json=body, headers=stack.endpoint().headers())
    assert response.status_code == 200, response.text
    eventually(lambda: marker in since(), timeout=5)
    return response.json(), since().splitlines()


LIST = "query($status: MediaStatus) { mediaList(status: $status) { nodes { id } } }"
CREATE = "mutation($input: CreateUploadInput!) { createUpload(input: $input) { media { id } } }"
UPLOAD = {"filename": "cat.jpg", "contentType": "image/jpeg", "size": 100}


@pytest.mark.parametrize(
    "request_with",
    [
        lambda name: {"query": LIST, "variables": {"status": name}},
        lambda name: {"query": CREATE, "variables": {"input": {**UPLOAD, name: "x"}}},
    ],
    ids=["an-unknown-enum-value", "an-unknown-input-field"],
)
def test_variables_the_schema_does_not_take_are_invalid_input_and_one_log_line(
    stack: Stack, request_with: Callable[[str], dict[str, Any]]
) -> None:
    # GIVEN variables naming an enum value or an input field the schema does not have
    name = _unique("not_in_the_schema")
    # WHEN they are sent
    body, logged = _post_and_read_log(stack, name, request_with(name))
    # THEN the answer is the caller's mistake, with the input code, and the log has one line for it
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["message"].startswith("Variable '$")
    mentions = [line for line in logged if name in line]
    assert len(mentions) == 1, logged
    assert "INVALID_INPUT" in mentions[0]
    assert not any(line.startswith("Traceback") for line in logged), logged


def test_a_coded_error_is_one_log_line_without_a_traceback(stack: Stack) -> None:
    content_type = "application/" + _unique("x")
    request = {"query": CREATE, "variables": {"input": {**UPLOAD, "contentType": content_type}}}
    body, logged = _post_and_read_log(stack, content_type, request)
    assert body["errors"][0]["extensions"]["code"] == "UNSUPPORTED_TYPE"
    mentions = [line for line in logged if content_type in line]
    assert len(mentions) == 1, logged
    # After the stack's own prefix (time, logger), the whole refusal on the one line.
    assert "app.graphql.errors  GraphQL UNSUPPORTED_TYPE in createUpload: " in mentions[0]
    assert not any(line.startswith("Traceback") for line in logged), logged
