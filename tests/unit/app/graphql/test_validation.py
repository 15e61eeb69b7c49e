"""Validation that a hostile query cannot turn into a flood of errors (graphql-cop's directive
overloading among them), through the whole HTTP app."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.graphql.validation import MAX_DIRECTIVES, MAX_VALIDATION_ERRORS, TOO_MANY_DIRECTIVES
from tests.unit.app.graphql.conftest import gql


def test_repeated_unknown_directives_get_one_clear_error(client: TestClient) -> None:
    # GIVEN graphql-cop's probe: ten unknown directives on one field
    probe = "query { __typename " + "@aa" * 10 + " }"
    # WHEN it is sent THEN one error comes back, naming the limit, with a stable code
    body = gql(client, probe).json()
    assert len(body["errors"]) == 1
    error = body["errors"][0]
    assert error["extensions"]["code"] == TOO_MANY_DIRECTIVES
    assert f"at most {MAX_DIRECTIVES}" in error["message"]
    assert "data" not in body or body["data"] is None


@pytest.mark.parametrize(
    "query",
    [
        "query Q" + " @skip(if: false)" * (MAX_DIRECTIVES + 1) + " { __typename }",
        "{ ... on Query" + " @include(if: true)" * (MAX_DIRECTIVES + 1) + " { __typename } }",
        "{ ...F } fragment F on Query" + " @aa" * (MAX_DIRECTIVES + 1) + " { __typename }",
    ],
    ids=["operation", "inline-fragment", "fragment"],
)
def test_the_bound_holds_wherever_directives_stand(client: TestClient, query: str) -> None:
    errors = gql(client, query).json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [TOO_MANY_DIRECTIVES]


def test_directives_within_the_bound_still_work(client: TestClient) -> None:
    body = gql(client, "{ presets @include(if: true) { name @skip(if: false) } }").json()
    assert "errors" not in body
    assert {p["name"] for p in body["data"]["presets"]} >= {"default"}


def test_many_distinct_mistakes_are_cut_short_with_one_closing_error(client: TestClient) -> None:
    # GIVEN a query with far more unknown fields than the error bound
    query = "{ " + " ".join(f"nope{n}" for n in range(MAX_VALIDATION_ERRORS * 3)) + " }"
    # THEN the answer lists at most the bound, and its last error says validation stopped
    errors = gql(client, query).json()["errors"]
    assert len(errors) == MAX_VALIDATION_ERRORS + 1
    assert "error limit reached" in errors[-1]["message"]


def test_a_few_mistakes_are_all_reported(client: TestClient, service: MediaService) -> None:
    errors = gql(client, "{ nope1 nope2 nope3 }").json()["errors"]
    assert [e["message"].split("'")[1] for e in errors] == ["nope1", "nope2", "nope3"]
