"""How the CLI ends on an error: the exit code of each kind, and the hint for a wrong API path."""

from __future__ import annotations

import httpx
import pytest

from app.client.api import COMPLETE_TIMEOUT_S, ApiError, Endpoint, MediaPipeClient
from app.client.exit_codes import ExitCode, exit_code
from app.client.failure import fail


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("NOT_FOUND", ExitCode.NOT_FOUND),
        ("NO_FILE", ExitCode.NOT_FOUND),
        ("UNAUTHENTICATED", ExitCode.AUTH),
        ("FORBIDDEN", ExitCode.AUTH),
        ("NOT_SIGNED_IN", ExitCode.AUTH),
        ("NotAuthorizedException", ExitCode.AUTH),
        ("UNREACHABLE", ExitCode.NETWORK),
        ("NO_STACK", ExitCode.NETWORK),
        ("502", ExitCode.NETWORK),
        ("503", ExitCode.NETWORK),
        ("405", ExitCode.FAILED),
        ("QUOTA_EXCEEDED", ExitCode.FAILED),
        ("SEVERAL_STACKS", ExitCode.USAGE),
    ],
)
def test_each_kind_of_error_has_its_exit_code(code: str, expected: ExitCode) -> None:
    assert exit_code(code) is expected


def client_answering(status: int, url: str) -> MediaPipeClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, text="Method Not Allowed")

    return MediaPipeClient(Endpoint(url, "key"), http=httpx.Client(transport=httpx.MockTransport(answer)))


def test_a_405_off_graphql_says_to_add_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN --api-url without /graphql: the stack's root serves the UI, which answers a POST with 405
    with pytest.raises(ApiError) as refused:
        client_answering(405, "http://127.0.0.1:8765").presets()
    # WHEN the command ends on it THEN one error line and a hint that says what to change
    assert fail(refused.value) == ExitCode.FAILED
    assert capsys.readouterr().err.splitlines() == [
        "error 405: HTTP 405 from the API at http://127.0.0.1:8765",
        "hint: the API is at http://127.0.0.1:8765/graphql; add /graphql to --api-url",
    ]


def test_a_405_from_graphql_itself_has_no_such_hint() -> None:
    with pytest.raises(ApiError) as refused:
        client_answering(405, "http://127.0.0.1:8765/graphql").presets()
    assert refused.value.hint is None


def test_a_completion_whose_answer_was_lost_is_asked_again_until_it_answers() -> None:
    # GIVEN a gateway that gives up on the first two joins (504) while the join goes on behind it
    answers = iter([504, 504, 200])
    asked: list[float | None] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.extensions["timeout"]["read"])
        status = next(answers)
        if status != 200:
            return httpx.Response(status, text="Gateway Timeout")
        return httpx.Response(
            200, json={"data": {"completeMultipartUpload": {"id": "m1", "status": "PROCESSING"}}}
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = MediaPipeClient(Endpoint("http://127.0.0.1:8765/graphql", "key"), http=http)
    waits: list[float] = []
    # WHEN the upload is completed THEN the third try's answer is the item, after backing off
    item = client.complete_multipart_upload("m1", [{"partNumber": 1, "etag": '"e"'}], sleep=waits.append)
    assert item == {"id": "m1", "status": "PROCESSING"}
    assert waits == [2.0, 4.0]
    assert asked == [COMPLETE_TIMEOUT_S] * 3  # each try may wait as long as a big join takes


def test_a_completion_refused_for_a_reason_is_not_asked_again() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"errors": [{"message": "a part is short", "extensions": {"code": "INVALID_INPUT"}}]}
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    client = MediaPipeClient(Endpoint("http://127.0.0.1:8765/graphql", "key"), http=http)
    waits: list[float] = []
    with pytest.raises(ApiError) as refused:
        client.complete_multipart_upload("m1", [], sleep=waits.append)
    assert refused.value.code == "INVALID_INPUT" and waits == []
