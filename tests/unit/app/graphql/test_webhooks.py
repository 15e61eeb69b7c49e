"""The webhook operations over ASGI against in-memory adapters: what an answer holds (a secret only
where documented), how an endpoint's state reads, and the coded errors."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.domain.service import MediaService
from app.domain.webhook_service import WebhookService
from app.domain.webhook_targets import TargetPolicy
from tests.factories import T0
from tests.unit.app.graphql.conftest import gql, make_api
from tests.webhook_fakes import InMemoryWebhookStore, RecordingQueue

CREATE = """mutation($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { id url events state enabled } }
}"""
LIST = "{ webhooks { id state disabledReason consecutiveFailures } }"


@pytest.fixture
def store() -> InMemoryWebhookStore:
    return InMemoryWebhookStore()


@pytest.fixture
def api(service: MediaService, store: InMemoryWebhookStore) -> TestClient:
    ids = (f"01JD2W3X4Y5Z6A7B8C9D0EF{n:03d}" for n in itertools.count())
    webhooks = WebhookService(
        store, RecordingQueue(), clock=lambda: T0, new_id=lambda: next(ids), targets=TargetPolicy()
    )
    return TestClient(make_api(service, webhooks=webhooks))


def create(api: TestClient, url: str = "https://hooks.example.com/in", user: str = "alice") -> Any:
    return gql(api, CREATE, {"input": {"url": url, "events": ["media.ready"]}}, user).json()


def test_the_secret_is_in_the_creation_only(api: TestClient) -> None:
    created = create(api)["data"]["createWebhook"]
    assert created["secret"].startswith("whsec_")
    assert created["webhook"]["state"] == "ENABLED"
    listed = gql(api, "{ webhooks { __typename } }").json()["data"]["webhooks"]
    assert listed == [{"__typename": "Webhook"}]
    # Webhook has no secret field to ask for.
    asked = gql(api, "{ webhooks { secret } }").json()
    assert asked["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_failing_then_disabled_reads_as_such(api: TestClient, store: InMemoryWebhookStore) -> None:
    webhook_id = create(api)["data"]["createWebhook"]["webhook"]["id"]
    owner = next(iter(store.webhooks))[0]
    store.delivery_failed(owner, webhook_id, disable_after=2, reason="down", now=T0)
    assert gql(api, LIST).json()["data"]["webhooks"][0]["state"] == "FAILING"
    store.delivery_failed(owner, webhook_id, disable_after=2, reason="down", now=T0)
    assert gql(api, LIST).json()["data"]["webhooks"] == [
        {"id": webhook_id, "state": "DISABLED", "disabledReason": "down", "consecutiveFailures": 2}
    ]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        (CREATE, {"input": {"url": "https://192.168.0.1/", "events": ["media.ready"]}}, "INVALID_INPUT"),
        (CREATE, {"input": {"url": "https://a.example/", "events": ["media.uploaded"]}}, "INVALID_INPUT"),
        ('mutation { rotateWebhookSecret(id: "nope") { secret } }', None, "NOT_FOUND"),
        ('mutation { redeliverWebhook(deliveryId: "msg_x") { id } }', None, "NOT_FOUND"),
        ('{ webhookDeliveries(webhookId: "nope") { id } }', None, "NOT_FOUND"),
    ],
)
def test_refusals_are_coded(api: TestClient, query: str, variables: dict[str, Any] | None, code: str) -> None:
    answer = gql(api, query, variables).json()
    assert answer["errors"][0]["extensions"]["code"] == code


def test_an_api_built_without_webhooks_says_they_are_unavailable(client: TestClient) -> None:
    answer = gql(client, LIST).json()
    assert answer["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
