"""Rate limits of the embedded stack through real HTTP: work counts, not only requests."""

from __future__ import annotations

import time
from typing import Any

import httpx

from app.graphql.schema import MAX_ALIASES
from app.local.authorizer import FAILED_AUTH
from app.settings import Settings
from tests.integration.conftest import Stack

WORK_USER = "work-budget@example.com"  # a budget of its own: no other test spends from it


def _aliased_uploads(count: int) -> str:
    upload = '{filename: "a.jpg", contentType: "image/jpeg", size: 100}'
    fields = " ".join(f"u{n}: createUpload(input: {upload}) {{ media {{ id }} }}" for n in range(count))
    return f"mutation {{ {fields} }}"


def _items(stack: Stack, user: str) -> int:
    count, after = 0, None
    with stack.client(user) as api:
        while True:
            page = api.media_list(first=100, after=after)
            count += len(page["edges"])
            after = page["pageInfo"]["endCursor"]
            if not page["pageInfo"]["hasNextPage"]:
                return count


def test_aliased_uploads_each_count_against_the_work_budget(stack: Stack) -> None:
    # GIVEN the stack's work budget per person (the request limit alone would allow 15 x 200 at once)
    burst, per_minute = (
        Settings.model_fields["work_burst"].default,
        Settings.model_fields["work_per_minute"].default,
    )
    endpoint = stack.endpoint(WORK_USER)
    started = time.monotonic()
    # WHEN one person sends requests of as many aliased createUploads as the API allows
    refused: list[dict[str, Any]] = []
    for _ in range(burst // MAX_ALIASES + 2):
        response = httpx.post(
            stack.graphql_url,
            json={"query": _aliased_uploads(MAX_ALIASES)},
            headers=endpoint.headers(),
            timeout=60,
        )
        assert response.status_code == 200, response.text
        refused = response.json().get("errors", [])
        if refused:
            break
    elapsed = time.monotonic() - started
    # THEN once the budget is spent an upload is refused with the rate-limit code and when to retry,
    # and the person got the budget's uploads, not the requests' fifteen-fold
    assert refused, "every aliased upload was made: the work was never counted"
    (error,) = refused
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] >= 1
    assert error["path"][0].startswith("u")
    made = _items(stack, WORK_USER)
    assert burst <= made <= burst + per_minute * elapsed / 60 + 1


# An address of its own on the loopback network (all of 127/8 is this machine): the session's other
# tests come from 127.0.0.1, and this one's failures must not throttle them.
GUESSER = "127.0.0.2"


def test_failed_authentications_are_throttled_per_source_address(stack: Stack) -> None:
    # GIVEN a client that keeps sending bad credentials, from an address of its own
    good = stack.endpoint().headers()
    bad = {**good, "authorization": "Bearer not-a-token"}
    query = {"query": "{ presets { name } }"}
    with httpx.Client(transport=httpx.HTTPTransport(local_address=GUESSER), timeout=10) as guesser:
        # WHEN it has failed as often as the stack allows in a burst
        statuses = [
            guesser.post(stack.graphql_url, json=query, headers=bad).status_code
            for _ in range(FAILED_AUTH.burst)
        ]
        assert set(statuses) == {401}
        # THEN the next request from it is refused 429 with Retry-After, good credentials or not
        for headers in (bad, good):
            refused = guesser.post(stack.graphql_url, json=query, headers=headers)
            assert refused.status_code == 429, refused.text
            assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
            assert int(refused.headers["retry-after"]) >= 1
    # AND a client at another address is served as usual
    assert httpx.post(stack.graphql_url, json=query, headers=good).status_code == 200
