"""deleteMedia's order: mark, sweep the objects, invalidate the CDN, remove the item. A failure at
any step leaves a marked item (hidden, frozen) that the next delete finishes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain import keys
from app.domain.errors import ErrorCode
from app.domain.listing import MediaQuery
from app.domain.models import ItemError, MediaStatus, Processed, UploadRequest, Variant
from app.domain.service import MediaService
from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage, RecordingCdn, in_memory_service

ALICE = "alice"
TIMEOUT = ItemError(ErrorCode.TIMEOUT, "took too long")


class World:
    def __init__(self) -> None:
        self.repository, self.storage, self.cdn = InMemoryRepository(), InMemoryStorage(), RecordingCdn()
        self.clock = FakeClock()
        self.service: MediaService = in_memory_service(
            self.repository, storage=self.storage, cdn=self.cdn, clock=self.clock
        )

    def ready_item(self) -> str:
        """An item as the processor leaves it: READY, an original, two recorded variants."""
        item, _ = self.service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
        claimed = self.repository.claim(ALICE, item.id, now=self.clock(), lease_until=self.clock())
        assert claimed is not None
        variants = tuple(
            Variant(name, "webp", 10, 10, 1, keys.variant_key(ALICE, item.id, name, "webp"), "image/webp")
            for name in ("w1", "w2")
        )
        assert self.repository.complete(claimed, Processed(variants, {}), now=self.clock())
        self.storage.originals[keys.original_key(ALICE, item.id)] = b"x"
        for variant in variants:
            self.storage.outputs[variant.key] = (b"y", "image/webp")
        return item.id

    def nothing_left(self, media_id: str) -> bool:
        return (
            self.repository.get(ALICE, media_id) is None
            and not self.storage.originals
            and not any(media_id in key for key in self.storage.outputs)
        )


@pytest.fixture
def world() -> World:
    return World()


def test_delete_removes_everything_and_invalidates_the_variants_paths(world: World) -> None:
    # GIVEN a READY item WHEN it is deleted
    media_id = world.ready_item()
    assert world.service.delete(ALICE, media_id) is True
    # THEN nothing of it is left, and the CDN was told to forget exactly the URLs ever handed out
    assert world.nothing_left(media_id)
    assert world.cdn.invalidated == [
        [f"/media/{ALICE}/{media_id}/w1.webp", f"/media/{ALICE}/{media_id}/w2.webp"]
    ]
    assert world.service.delete(ALICE, media_id) is False


def test_an_item_without_variants_needs_no_invalidation(world: World) -> None:
    item, _ = world.service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    assert world.service.delete(ALICE, item.id) is True
    assert world.cdn.invalidated == []


@pytest.mark.parametrize("failing", ["storage", "cdn"])
def test_a_delete_that_fails_halfway_is_finished_by_the_next_one(world: World, failing: str) -> None:
    # GIVEN a READY item, and storage (before anything is gone) or the CDN (after the objects) failing
    media_id = world.ready_item()
    world.storage.fail_deletes = failing == "storage"
    world.cdn.fail = failing == "cdn"
    # WHEN it is deleted
    with pytest.raises(ConnectionError):
        world.service.delete(ALICE, media_id)
    # THEN the item is still there, marked: hidden from reads and lists, frozen against changes
    marked = world.repository.get(ALICE, media_id)
    assert marked is not None and marked.deleting_since == world.clock()
    assert world.service.get(ALICE, media_id) is None
    assert world.service.list(ALICE, first=10, after=None).items == []
    assert (
        world.service.list(ALICE, first=10, after=None, query=MediaQuery(status=MediaStatus.READY)).items
        == []
    )
    # AND once the trouble passes, deleting again finishes the job
    world.storage.fail_deletes = world.cdn.fail = False
    world.clock.advance(5)
    assert world.service.delete(ALICE, media_id) is True
    assert world.nothing_left(media_id)
    assert len(world.cdn.invalidated) == 1


def test_a_marked_item_accepts_no_status_change(world: World) -> None:
    # GIVEN an item a processor has claimed, then a delete that began (and stopped) meanwhile
    item, _ = world.service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    now = world.clock()
    claimed = world.repository.claim(ALICE, item.id, now=now, lease_until=now)
    assert claimed is not None
    assert world.repository.begin_delete(ALICE, item.id, now=now) is not None
    # THEN the processor cannot finish, release, reclaim, reopen or abandon it
    assert world.repository.complete(claimed, Processed((), {}), now=now) is False
    world.repository.release(claimed, now=now)
    assert world.repository.claim(ALICE, item.id, now=now, lease_until=now) is None
    assert world.repository.reopen(ALICE, item.id, now=now) is None
    assert world.repository.abandon(ALICE, item.id, TIMEOUT, now=now) is False
    current = world.repository.get(ALICE, item.id)
    assert current is not None and replace(current, deleting_since=None) == claimed


def test_marking_again_keeps_the_first_mark(world: World) -> None:
    item, _ = world.service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    first = world.repository.begin_delete(ALICE, item.id, now=world.clock())
    world.clock.advance(60)
    again = world.repository.begin_delete(ALICE, item.id, now=world.clock())
    assert first is not None and again is not None
    assert again.deleting_since == first.deleting_since
    assert again.expires_at is None  # the table's TTL must not drop it halfway
