"""The DynamoDB repository against the emulator: the conditional writes that keep statuses honest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain.errors import ErrorCode, InvalidRequest
from app.domain.history import Event
from app.domain.listing import MediaQuery
from app.domain.models import ItemError, MediaItem, MediaStatus, Processed, Refused, Variant
from tests.factories import media_item
from tests.integration.conftest import Emulator

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_counter = iter(range(10_000, 99_999))


def new_id() -> str:
    return f"01JD2W3X4Y5Z6A7B8C9D{next(_counter):06d}"


@pytest.fixture
def repo(emulator: Emulator) -> DynamoMediaRepository:
    return DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))


def item(owner: str, media_id: str | None = None, **changes: object) -> MediaItem:
    return media_item(
        owner=owner,
        id=media_id or new_id(),
        created_at=T0,
        updated_at=T0,
        expires_at=T0 + timedelta(days=1),
        **changes,
    )


def test_create_get_round_trip_and_no_overwrite(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-1", metadata={"a": 1.5, "nested": {"b": [1, "x"]}})
    repo.create(created)
    stored = repo.get("r-owner-1", created.id)
    # Stored as given, with its creation as the first event of its history.
    assert stored is not None and [e.event for e in stored.history] == [Event.CREATED]
    assert stored == replace(created, history=stored.history)
    assert repo.get("someone-else", created.id) is None
    with pytest.raises(Exception, match="ConditionalCheckFailed"):
        repo.create(created)


def test_claim_is_exclusive_until_the_lease_lapses(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-2")
    repo.create(created)
    claimed = repo.claim("r-owner-2", created.id, now=T0, lease_until=T0 + timedelta(seconds=60))
    assert claimed is not None
    assert (claimed.status, claimed.attempt, claimed.expires_at) == (MediaStatus.PROCESSING, 1, None)
    assert repo.claim("r-owner-2", created.id, now=T0 + timedelta(seconds=30), lease_until=T0) is None
    reclaimed = repo.claim(
        "r-owner-2", created.id, now=T0 + timedelta(seconds=61), lease_until=T0 + timedelta(seconds=120)
    )
    assert reclaimed is not None and reclaimed.attempt == 2
    # The first worker's late finish is refused: only the current attempt may finish.
    done = Processed(variants=(Variant("w1", "webp", 1, 1, 5, "k", "image/webp"),), metadata={"w": 1})
    assert repo.complete(claimed, done, now=T0) is False
    assert repo.complete(reclaimed, done, now=T0) is True
    ready = repo.get("r-owner-2", created.id)
    assert ready is not None
    assert (ready.status, ready.variants, ready.metadata, ready.lease_expires_at) == (
        MediaStatus.READY,
        done.variants,
        {"w": 1},
        None,
    )
    # Finished means finished: nothing claims or finishes it again.
    assert repo.claim("r-owner-2", created.id, now=T0 + timedelta(days=9), lease_until=T0) is None
    assert (
        repo.complete(reclaimed, Refused(MediaStatus.FAILED, ItemError(ErrorCode.TIMEOUT, "x")), now=T0)
        is False
    )


def test_claim_of_a_missing_item_creates_nothing(repo: DynamoMediaRepository) -> None:
    ghost = new_id()
    assert repo.claim("r-owner-3", ghost, now=T0, lease_until=T0) is None
    assert repo.get("r-owner-3", ghost) is None


def test_release_and_reopen(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-4")
    repo.create(created)
    claimed = repo.claim("r-owner-4", created.id, now=T0, lease_until=T0 + timedelta(minutes=5))
    assert claimed is not None
    assert repo.reopen("r-owner-4", created.id, now=T0) is None  # only FAILED items reopen
    repo.release(claimed, now=T0)
    again = repo.claim("r-owner-4", created.id, now=T0, lease_until=T0 + timedelta(minutes=5))
    assert again is not None and again.attempt == 2
    failed = Refused(MediaStatus.FAILED, ItemError(ErrorCode.TIMEOUT, "slow"))
    assert repo.complete(again, failed, now=T0)
    reopened = repo.reopen("r-owner-4", created.id, now=T0)
    assert reopened is not None and reopened.status is MediaStatus.PROCESSING
    assert repo.claim("r-owner-4", created.id, now=T0, lease_until=T0) is not None


def test_list_newest_first_with_cursors_and_a_status_filter(repo: DynamoMediaRepository) -> None:
    owner = "r-owner-5"
    ids = [new_id() for _ in range(7)]
    for media_id in ids:
        repo.create(item(owner, media_id))
    for media_id in ids[:3]:
        claimed = repo.claim(owner, media_id, now=T0, lease_until=T0)
        assert claimed is not None

    seen: list[str] = []
    cursor = None
    while True:
        page = repo.list(owner, limit=3, after=cursor)
        seen.extend(i.id for i in page.items)
        if page.end_cursor is None:
            break
        cursor = page.end_cursor
    assert seen == ids[::-1]

    processing = repo.list(owner, limit=2, after=None, query=MediaQuery(status=MediaStatus.PROCESSING))
    assert [i.id for i in processing.items] == [ids[2], ids[1]]
    rest = repo.list(
        owner, limit=2, after=processing.end_cursor, query=MediaQuery(status=MediaStatus.PROCESSING)
    )
    assert [i.id for i in rest.items] == [ids[0]]
    assert rest.end_cursor is None
    waiting = repo.list(owner, limit=10, after=None, query=MediaQuery(status=MediaStatus.AWAITING_UPLOAD))
    assert [i.id for i in waiting.items] == ids[3:][::-1]
    with pytest.raises(InvalidRequest):
        repo.list(owner, limit=2, after="not-a-cursor")


def test_delete_returns_what_was_removed(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-6")
    repo.create(created)
    stored = repo.get("r-owner-6", created.id)
    assert repo.delete("someone-else", created.id) is None
    assert repo.delete("r-owner-6", created.id) == stored
    assert repo.delete("r-owner-6", created.id) is None


def test_abandon_then_a_redriven_claim(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-7")
    repo.create(created)
    claimed = repo.claim("r-owner-7", created.id, now=T0, lease_until=T0 + timedelta(minutes=5))
    assert claimed is not None
    exhausted = ItemError(ErrorCode.RETRIES_EXHAUSTED, "gave up")
    # An attempt that still holds its lease is left to finish; once the lease lapses, nobody works on it
    assert repo.abandon("r-owner-7", created.id, exhausted, now=T0 + timedelta(minutes=4)) is False
    later = T0 + timedelta(minutes=5)
    assert repo.abandon("r-owner-7", created.id, exhausted, now=later) is True
    failed = repo.get("r-owner-7", created.id)
    assert failed is not None
    assert (failed.status, failed.error, failed.lease_expires_at) == (MediaStatus.FAILED, exhausted, None)
    again = repo.claim("r-owner-7", created.id, now=later, lease_until=later + timedelta(minutes=5))
    assert again is not None and again.attempt == 2 and again.error is None
    assert repo.complete(again, Processed(variants=(), metadata={}), now=T0)
    assert repo.abandon("r-owner-7", created.id, exhausted, now=T0) is False  # READY stays READY


def test_an_arrived_upload_loses_its_ttl_and_can_still_be_abandoned(repo: DynamoMediaRepository) -> None:
    # GIVEN an item awaiting its upload, with the TTL for uploads that never come
    created = repo.create(item("r-owner-up"))
    assert created.expires_at is not None
    # WHEN its original's event arrives THEN the TTL goes, nothing else changes, and only once
    assert repo.mark_uploaded("r-owner-up", created.id, now=T0) is True
    arrived = repo.get("r-owner-up", created.id)
    assert arrived is not None
    assert arrived == replace(created, expires_at=None, history=arrived.history)
    assert [e.note for e in arrived.history] == ["upload requested", "upload arrived"]
    assert repo.mark_uploaded("r-owner-up", created.id, now=T0) is False
    assert repo.mark_uploaded("r-owner-up", new_id(), now=T0) is False  # no such item: nothing is created
    # AND an upload whose worker died before claiming it can still be marked FAILED from the DLQ side
    exhausted = ItemError(ErrorCode.RETRIES_EXHAUSTED, "gave up")
    assert repo.abandon("r-owner-up", created.id, exhausted, now=T0) is True
    claimed = repo.claim("r-owner-up", created.id, now=T0, lease_until=T0)
    assert claimed is not None and claimed.status is MediaStatus.PROCESSING
    assert repo.mark_uploaded("r-owner-up", created.id, now=T0) is False  # no longer awaiting


def test_other_failures_are_not_claimed_by_stray_events(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-8")
    repo.create(created)
    claimed = repo.claim("r-owner-8", created.id, now=T0, lease_until=T0)
    assert claimed is not None
    repo.complete(claimed, Refused(MediaStatus.FAILED, ItemError(ErrorCode.PROCESSING_ERROR, "bug")), now=T0)
    assert repo.claim("r-owner-8", created.id, now=T0, lease_until=T0) is None


def test_reopen_a_stalled_item(repo: DynamoMediaRepository) -> None:
    created = item("r-owner-9")
    repo.create(created)
    assert repo.claim("r-owner-9", created.id, now=T0, lease_until=T0 + timedelta(seconds=60)) is not None
    assert repo.reopen("r-owner-9", created.id, now=T0 + timedelta(seconds=30)) is None
    assert repo.reopen("r-owner-9", created.id, now=T0 + timedelta(seconds=61)) is not None


def test_a_delete_in_progress_freezes_the_item_and_hides_it_from_lists(repo: DynamoMediaRepository) -> None:
    # GIVEN a claimed item, two others, and a delete that begins on the claimed one
    owner = "r-owner-del"
    claimed_id, *others = (new_id() for _ in range(3))
    for media_id in (claimed_id, *others):
        repo.create(item(owner, media_id))
    claimed = repo.claim(owner, claimed_id, now=T0, lease_until=T0)
    assert claimed is not None
    marked = repo.begin_delete(owner, claimed_id, now=T0 + timedelta(seconds=1))
    assert marked is not None and marked.deleting_since == T0 + timedelta(seconds=1)
    assert marked.expires_at is None  # the TTL must not drop it before the delete finishes
    # THEN no status change applies to it any more
    done = Processed(variants=(), metadata={})
    assert repo.complete(claimed, done, now=T0) is False
    assert repo.claim(owner, claimed_id, now=T0 + timedelta(hours=1), lease_until=T0) is None
    assert repo.reopen(owner, claimed_id, now=T0 + timedelta(hours=1)) is None
    assert repo.abandon(owner, claimed_id, ItemError(ErrorCode.TIMEOUT, "x"), now=T0) is False
    # AND lists leave it out, pages still full
    listed = repo.list(owner, limit=2, after=None)
    assert [i.id for i in listed.items] == others[::-1] and listed.end_cursor is None
    assert repo.list(owner, limit=5, after=None, query=MediaQuery(status=MediaStatus.PROCESSING)).items == []
    # AND marking again keeps the first mark; the last step removes it; a missing item cannot be marked
    again = repo.begin_delete(owner, claimed_id, now=T0 + timedelta(minutes=5))
    assert again is not None and again.deleting_since == marked.deleting_since
    assert repo.delete(owner, claimed_id) == again
    assert repo.begin_delete(owner, claimed_id, now=T0) is None
