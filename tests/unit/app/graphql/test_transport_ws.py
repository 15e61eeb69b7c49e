"""The graphql-transport-ws protocol, one message at a time, over the in-memory realtime table and
@connections API: each rule of the protocol the realtime function keeps, and the notifier's pushes."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from app.domain.models import MediaStatus
from app.graphql.live import LiveDocuments
from app.graphql.notifier import Notifier
from app.graphql.schema import build_schema
from app.graphql.transport_ws import CloseCode, TransportWs
from tests.factories import media_item
from tests.fakes import FakeClock, InMemoryConnections, RecordingPush, fake_links

ALICE, BOB = "alice", "bob"
TOKENS = {"alice-token": ALICE, "bob-token": BOB}
ALL = "subscription { mediaUpdated { id status } }"
ONE = "subscription One($id: ID) { mediaUpdated(id: $id) { id status } }"


class World:
    def __init__(self) -> None:
        self.store, self.push, clock = InMemoryConnections(), RecordingPush(), FakeClock()
        documents = LiveDocuments(build_schema(), fake_links(clock))
        self.protocol = TransportWs(self.store, self.push, documents, self.owner, clock)
        self.notifier = Notifier(self.store, self.push, documents, clock=clock)

    @staticmethod
    def owner(payload: Any) -> str | None:
        scheme, _, token = str(payload.get("Authorization", "")).partition(" ")
        return TOKENS.get(token) if scheme == "Bearer" else None

    def send(self, connection: str, message: dict[str, Any] | str) -> None:
        self.protocol.receive(connection, message if isinstance(message, str) else json.dumps(message))

    def signed_in(self, connection: str, token: str = "alice-token") -> None:  # noqa: S107  (a test's)
        self.protocol.connect(connection)
        self.send(connection, {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})

    def subscribe(
        self, connection: str, query: str = ALL, variables: dict[str, Any] | None = None, id: str = "1"
    ) -> None:
        self.send(
            connection,
            {"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}},
        )

    def closed_with(self, connection: str) -> int | None:
        codes = [code for target, code, _ in self.push.closed if target == connection]
        return codes[-1] if codes else None


def test_an_accepted_connection_is_acknowledged_and_pushed_its_owners_changes() -> None:
    world = World()
    world.signed_in("c1")
    world.subscribe("c1")
    assert world.push.to("c1") == [{"type": "connection_ack"}]

    world.notifier.changed(None, media_item(owner=ALICE, status=MediaStatus.PROCESSING))
    world.notifier.changed(None, media_item(owner=BOB, id="01BOBSITEM0000000000000000"))

    assert world.push.to("c1")[1:] == [
        {
            "id": "1",
            "type": "next",
            "payload": {"data": {"mediaUpdated": {"id": media_item().id, "status": "PROCESSING"}}},
        }
    ]


@pytest.mark.parametrize(
    "payload", [{}, {"Authorization": "Bearer forged"}, {"Authorization": "Basic x"}, None]
)
def test_a_connection_without_a_valid_token_is_closed_forbidden(payload: Any) -> None:
    world = World()
    world.protocol.connect("c1")
    world.send("c1", {"type": "connection_init", **({"payload": payload} if payload is not None else {})})
    assert world.closed_with("c1") == CloseCode.FORBIDDEN
    assert world.store.get("c1") is None and world.push.to("c1") == []


def test_the_protocols_other_refusals_close_with_its_codes() -> None:
    world = World()
    world.protocol.connect("early")
    world.subscribe("early")
    assert world.closed_with("early") == CloseCode.UNAUTHORIZED

    world.signed_in("twice")
    world.send("twice", {"type": "connection_init", "payload": {"Authorization": "Bearer alice-token"}})
    assert world.closed_with("twice") == CloseCode.TOO_MANY_INITIALISATIONS

    world.signed_in("dup")
    world.subscribe("dup", id="a")
    world.subscribe("dup", id="a")
    assert world.closed_with("dup") == CloseCode.SUBSCRIBER_EXISTS

    for garbage in (
        "not json",
        json.dumps([1]),
        json.dumps({"type": "subscribe"}),
        json.dumps({"type": "shout"}),
    ):
        world.signed_in("bad")
        world.send("bad", garbage)
        assert world.closed_with("bad") == CloseCode.BAD_REQUEST, garbage


def test_ping_is_answered_and_complete_ends_a_subscription() -> None:
    world = World()
    world.signed_in("c1")
    world.send("c1", {"type": "ping"})
    world.subscribe("c1")
    world.send("c1", {"id": "1", "type": "complete"})
    world.notifier.changed(None, media_item(owner=ALICE))
    assert world.push.to("c1") == [{"type": "connection_ack"}, {"type": "pong"}]


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("query { presets { name } }", "Only subscriptions"),
        ("subscription { mediaUpdated { nope } }", "Cannot query field 'nope'"),
        ("subscription { mediaUpdated { id", "Syntax Error"),
        ("subscription { mediaUpdated { " + "a: id " * 40 + "} }", "aliases"),
    ],
)
def test_a_subscribe_the_api_would_refuse_is_answered_with_an_error_and_not_stored(
    query: str, says: str
) -> None:
    world = World()
    world.signed_in("c1")
    world.subscribe("c1", query)
    error = world.push.to("c1")[-1]
    assert error["type"] == "error" and error["id"] == "1"
    assert says in error["payload"][0]["message"]
    assert world.store.following(ALICE) == []


def test_one_items_subscription_follows_it_alone_and_completes_when_it_is_deleted() -> None:
    world = World()
    item = media_item(owner=ALICE)
    world.signed_in("c1")
    world.subscribe("c1", ONE, {"id": item.id})
    assert world.store.following(ALICE)[0].media_id == item.id

    world.notifier.changed(None, media_item(owner=ALICE, id="01OTHER0000000000000000000"))
    world.notifier.changed(item, replace(item, status=MediaStatus.READY))
    world.notifier.changed(item, None)

    assert [m["type"] for m in world.push.to("c1")] == ["connection_ack", "next", "complete"]
    assert world.store.following(ALICE) == []


def test_a_connection_that_is_gone_is_forgotten_at_the_first_push() -> None:
    world = World()
    world.signed_in("c1")
    world.subscribe("c1")
    world.push.gone.add("c1")
    assert world.notifier.changed(None, media_item(owner=ALICE)) == 0
    assert world.store.get("c1") is None and world.store.following(ALICE) == []


def test_another_owner_cannot_follow_your_item_by_its_id() -> None:
    world = World()
    item = media_item(owner=ALICE)
    world.signed_in("bobs", token="bob-token")
    world.subscribe("bobs", ONE, {"id": item.id})
    world.notifier.changed(None, item)
    assert world.push.to("bobs") == [{"type": "connection_ack"}]
