"""Live updates through the running stack: a WebSocket at the dev server's realtimeUrl speaking
graphql-transport-ws, the realtime function behind it, the notifier driven by the media table's
stream, pushes through the @connections API, all as in AWS."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import boto3
import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from app.client.api import ApiError, MediaPipeClient
from app.client.live import PROTOCOL, LiveUpdates, realtime_url
from app.client.watch import feed, wait_live
from tests import media_factory
from tests.integration.conftest import ALICE, Stack, upload_bytes

PHOTO = media_factory.jpeg(640, 480)


@pytest.fixture
def ws_url(stack: Stack) -> str:
    return realtime_url(stack.graphql_url)


def token_of(stack: Stack, user: str) -> str:
    id_token = stack.endpoint(user).id_token
    assert id_token is not None
    return id_token()


@pytest.fixture
def alices_live(stack: Stack, ws_url: str) -> Iterator[LiveUpdates]:
    with LiveUpdates(ws_url, lambda: token_of(stack, ALICE)) as live:
        yield live


def updates_until_finished(
    live: LiveUpdates, media_id: str, *, preset: str = "default", timeout: float = 30
) -> list[tuple[dict[str, Any], float]]:
    """Every push for the item with the time it arrived, up to its terminal one with `preset`'s
    outputs (a reprocessed item stays READY with its old outputs until the new ones are in)."""
    seen: list[tuple[dict[str, Any], float]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        item = live.next(1.0)
        if item is None or item["id"] != media_id:
            continue
        seen.append((item, time.time()))
        if item["status"] in {"READY", "REJECTED", "FAILED"} and item["preset"] == preset:
            break
    return seen


def test_the_owner_sees_processing_then_ready_in_order_and_nothing_of_anyone_elses(
    stack: Stack, alice: MediaPipeClient, bob: MediaPipeClient, alices_live: LiveUpdates
) -> None:
    # GIVEN Alice following all her items WHEN Bob and then Alice upload a photo
    alices_live.subscribe()
    bobs = upload_bytes(bob, PHOTO, "bob.jpg", "image/jpeg")
    mine = upload_bytes(alice, PHOTO, "alice.jpg", "image/jpeg")
    seen = updates_until_finished(alices_live, mine["id"])

    # THEN her item's statuses arrive in order, ending READY with its variants
    statuses = [item["status"] for item, _ in seen]
    assert statuses[-1] == "READY", statuses
    assert "PROCESSING" in statuses
    order = ["AWAITING_UPLOAD", "PROCESSING", "READY"]
    assert [order.index(s) for s in statuses] == sorted(order.index(s) for s in statuses)
    assert seen[-1][0]["variants"] and all(v["url"] for v in seen[-1][0]["variants"])
    # and nothing of Bob's reached her, though his item changed meanwhile too
    assert bob.wait(bobs["id"])["status"] == "READY"
    assert alices_live.next(1.0) is None
    lags = [arrived - datetime.fromisoformat(item["updatedAt"]).timestamp() for item, arrived in seen]
    print(f"\nstatus change -> subscriber: {', '.join(f'{lag * 1000:.0f} ms' for lag in lags)}")


def test_pushes_go_on_after_a_transaction_the_table_refused(
    stack: Stack, alice: MediaPipeClient, alices_live: LiveUpdates
) -> None:
    # GIVEN a transaction DynamoDB cancels (moto rolls it back by swapping in a copy of the table,
    # stream included: a poller following its old iterators would never see another change)
    table = stack.state["tableName"]
    dynamodb = stack.aws("dynamodb")
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": table, "Item": {"pk": {"S": "OWNER#nobody"}, "sk": {"S": "PROBE"}}}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": {"pk": {"S": "OWNER#nobody"}, "sk": {"S": "MISSING"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    # WHEN Alice uploads THEN her item's changes still arrive, through to READY
    alices_live.subscribe()
    mine = upload_bytes(alice, PHOTO, "after-rollback.jpg", "image/jpeg")
    seen = updates_until_finished(alices_live, mine["id"])
    assert seen and seen[-1][0]["status"] == "READY"


def test_one_items_subscription_gets_that_item_only(
    stack: Stack, alice: MediaPipeClient, alices_live: LiveUpdates
) -> None:
    # GIVEN Alice following one READY item of hers
    first = upload_bytes(alice, PHOTO, "first.jpg", "image/jpeg")
    assert alice.wait(first["id"])["status"] == "READY"
    alices_live.subscribe(first["id"])
    # WHEN another item of hers changes, and then the followed one is remade
    other = upload_bytes(alice, PHOTO, "other.jpg", "image/jpeg")
    assert alice.wait(other["id"])["status"] == "READY"
    alice.reprocess(first["id"], "thumbnail")
    # THEN only the followed item's changes arrive, through to READY again
    seen = updates_until_finished(alices_live, first["id"], preset="thumbnail")
    assert seen and seen[-1][0]["status"] == "READY" and seen[-1][0]["preset"] == "thumbnail"
    assert alices_live.next(1.0) is None


def test_a_connection_without_a_valid_token_is_refused(stack: Stack, ws_url: str) -> None:
    for payload in (
        {},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer " + _forged(stack)},
    ):
        with connect(ws_url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
            socket.send(json.dumps({"type": "connection_init", "payload": payload}))
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=10)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    with pytest.raises(ApiError) as refused:
        LiveUpdates(ws_url, lambda: "forged").__enter__()
    assert refused.value.code == "UNAUTHENTICATED"


def test_the_protocol_is_kept_subscribe_before_init_and_no_subprotocol(stack: Stack, ws_url: str) -> None:
    with connect(ws_url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(
            json.dumps(
                {"id": "1", "type": "subscribe", "payload": {"query": "subscription { mediaUpdated { id } }"}}
            )
        )
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    with pytest.raises(InvalidStatus):
        connect(ws_url)  # no subprotocol: the upgrade is refused, as API Gateway's $connect answers


def test_a_query_or_a_hostile_document_over_the_socket_is_answered_with_an_error(
    stack: Stack, ws_url: str
) -> None:
    with connect(ws_url, subprotocols=[PROTOCOL]) as socket:  # type: ignore[list-item]
        socket.send(
            json.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {token_of(stack, ALICE)}"}}
            )
        )
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        deep = "subscription { mediaUpdated { " + "a: id " * 40 + "} }"
        for n, query in enumerate(("query { presets { name } }", deep)):
            socket.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": query}}))
            answer = json.loads(socket.recv(timeout=10))
            assert (answer["type"], answer["id"]) == ("error", str(n)), answer


def test_a_dropped_socket_reconnects_and_catches_up(
    stack: Stack, alice: MediaPipeClient, ws_url: str
) -> None:
    # GIVEN a follower whose first connection drops before the item is processed
    media = alice.create_upload("late.jpg", "image/jpeg", len(PHOTO))
    opened: list[LiveUpdates] = []

    def connect_live() -> LiveUpdates:
        live = LiveUpdates(ws_url, lambda: token_of(stack, ALICE))
        opened.append(live)
        return live

    items = feed(
        connect_live,
        media["media"]["id"],
        lambda: [alice.media(media["media"]["id"]) or {}],
        until=time.monotonic() + 30,
    )
    assert next(items)["status"] == "AWAITING_UPLOAD"  # the catch-up after subscribing
    opened[0].__exit__(None, None, None)  # the network drops it
    # WHEN the file arrives and is processed while the socket is down
    response = httpx.post(
        media["upload"]["url"],
        data=media["upload"]["fields"],
        files={"file": ("late.jpg", PHOTO, "image/jpeg")},
    )
    assert response.status_code == 204
    alice.wait(media["media"]["id"])
    # THEN the feed reconnects and the catch-up brings the item as it is now
    later = next(item for item in items if item["status"] == "READY")
    assert later["variants"] and len(opened) >= 2
    assert wait_live(alice, media["media"]["id"], connect_live, timeout=10)["status"] == "READY"


def test_the_connections_api_wants_the_stacks_signature_and_says_gone(stack: Stack) -> None:
    unsigned = httpx.post(f"{stack.url}/@connections/nobody", content=b"{}")
    assert unsigned.status_code == 403
    api = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=stack.url,
        region_name="us-east-1",
        aws_access_key_id=stack.credentials.access_key_id,
        aws_secret_access_key=stack.credentials.secret_access_key,
    )
    with pytest.raises(api.exceptions.GoneException):
        api.post_to_connection(ConnectionId="nobody", Data=b"{}")


def _forged(stack: Stack) -> str:
    """A token that looks like the pool's but is signed with another key."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = jwt.decode(token_of(stack, ALICE), options={"verify_signature": False})
    header = jwt.get_unverified_header(token_of(stack, ALICE))
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})
