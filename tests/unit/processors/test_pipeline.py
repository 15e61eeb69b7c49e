from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from app.domain import keys
from app.domain.errors import ErrorCode, InputRejected
from app.domain.jobs import Job
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.models import MediaItem, MediaStatus
from app.domain.presets import BUILTIN_PRESETS, Preset
from app.domain.rules import Rules
from processors.original import Original
from processors.pipeline import ItemBusy, Pipeline, PipelineConfig, Result
from processors.rendering import Rendering
from tests import media_factory as images
from tests.factories import media_item
from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage

OWNER = "owner-1"
ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"
CONFIG = PipelineConfig(
    rules=Rules(BUILTIN_PRESETS, "default", Limits(), frozenset({"image/jpeg", "image/png"})),
    lease=timedelta(seconds=60),
)


class World:
    def __init__(
        self, data: bytes | None, content_type: str = "image/jpeg", declared_size: int | None = None
    ):
        self.clock = FakeClock()
        self.repository = InMemoryRepository()
        self.storage = InMemoryStorage()
        self.pipeline = Pipeline(self.repository, self.storage, CONFIG, clock=self.clock)
        self.repository.create(
            media_item(
                owner=OWNER,
                id=ID,
                filename="f.jpg",
                content_type=content_type,
                size=declared_size or len(data or b"") or 1,
                created_at=self.clock(),
                updated_at=self.clock(),
            )
        )
        if data is not None:
            self.storage.originals[keys.original_key(OWNER, ID)] = data

    def run(self) -> Result:
        return self.pipeline.run(Job(OWNER, ID))

    @property
    def item(self) -> MediaItem:
        item = self.repository.get(OWNER, ID)
        assert item is not None
        return item


def test_an_image_ends_ready_with_its_variants_written() -> None:
    world = World(images.jpeg(800, 600))
    assert world.run() is Result.READY
    item = world.item
    assert item.status is MediaStatus.READY
    assert item.attempt == 1
    assert item.metadata["detectedType"] == "image/jpeg"
    fingerprint = BUILTIN_PRESETS[0].fingerprint
    assert {v.key for v in item.variants} == set(world.storage.outputs)
    assert all(f"-{fingerprint}." in v.key for v in item.variants)
    assert {world.storage.outputs[v.key][1] for v in item.variants} == {"image/webp", "image/jpeg"}


def test_a_duplicate_event_does_nothing() -> None:
    world = World(images.jpeg(100, 100))
    assert world.run() is Result.READY
    before = world.item
    world.clock.advance(3600)
    assert world.run() is Result.SKIPPED
    assert world.item == before


def test_an_event_during_processing_comes_back_until_the_lease_lapses() -> None:
    # GIVEN an attempt holding the item (at work, or dead with its lease still running)
    world = World(images.jpeg(100, 100))
    world.repository.claim(OWNER, ID, now=world.clock(), lease_until=world.clock() + timedelta(seconds=60))
    # WHEN another delivery of its job arrives THEN it is not consumed: it must come back
    with pytest.raises(ItemBusy):
        world.run()
    world.clock.advance(61)  # the first worker died: its lease ran out
    assert world.run() is Result.READY
    assert world.item.attempt == 2
    assert world.storage.kept == {keys.original_key(OWNER, ID)}  # off the unclaimed-stray rule


def test_an_original_posted_after_its_item_was_deleted_is_removed() -> None:
    # GIVEN an item deleted (the delete's sweep ran), and then its presigned POST lands after all
    world = World(None)
    world.repository.delete(OWNER, ID)
    world.storage.originals[keys.original_key(OWNER, ID)] = images.jpeg(10, 10)
    # WHEN its event arrives THEN the stray original goes, and nothing else happens
    assert world.run() is Result.GONE
    assert world.storage.originals == {}
    assert world.repository.get(OWNER, ID) is None


def test_an_original_landing_while_its_item_is_being_deleted_is_removed() -> None:
    world = World(None)
    assert world.repository.begin_delete(OWNER, ID, now=world.clock()) is not None
    world.storage.delete_media(OWNER, ID)  # the delete's sweep, before the late POST lands
    world.storage.originals[keys.original_key(OWNER, ID)] = images.jpeg(10, 10)
    assert world.run() is Result.GONE
    assert world.storage.originals == {}


def test_a_finished_items_original_is_never_removed() -> None:
    # GIVEN a READY item WHEN a late duplicate of its event arrives THEN its original stays
    world = World(images.jpeg(100, 100))
    assert world.run() is Result.READY
    assert world.run() is Result.SKIPPED
    assert keys.original_key(OWNER, ID) in world.storage.originals


@pytest.mark.parametrize(
    ("data", "content_type", "code"),
    [
        (b"", "image/jpeg", ErrorCode.EMPTY),
        (b"<html><script>alert(1)</script></html>", "image/png", ErrorCode.TYPE_MISMATCH),
        (b"%PDF-1.4 hello", "image/jpeg", ErrorCode.TYPE_MISMATCH),
        (images.jpeg(100, 100)[:300], "image/jpeg", ErrorCode.CORRUPT),
        (images.encode(images.picture(20, 20), "GIF"), "image/jpeg", ErrorCode.UNSUPPORTED_TYPE),
    ],
)
def test_bad_input_ends_rejected_with_a_code(data: bytes, content_type: str, code: ErrorCode) -> None:
    world = World(data, content_type)
    assert world.run() is Result.REJECTED
    assert world.item.status is MediaStatus.REJECTED
    assert world.item.error is not None and world.item.error.code is code
    assert world.storage.outputs == {}


def test_more_bytes_than_declared_is_too_large() -> None:
    world = World(images.jpeg(100, 100), declared_size=10)
    assert world.run() is Result.REJECTED
    assert world.item.error is not None and world.item.error.code is ErrorCode.TOO_LARGE


def test_a_missing_original_fails_the_item() -> None:
    world = World(None)
    assert world.run() is Result.FAILED
    assert world.item.error is not None and world.item.error.code is ErrorCode.PROCESSING_ERROR


def test_a_crash_in_media_code_fails_the_item_instead_of_retrying_forever() -> None:
    def broken(
        data: Original, content_type: str, preset: Preset, limits: Limits, times: StepTimes
    ) -> Rendering:
        raise RuntimeError("bug")

    world = World(images.jpeg(100, 100))
    world.pipeline = Pipeline(world.repository, world.storage, CONFIG, clock=world.clock, media=broken)
    assert world.run() is Result.FAILED
    assert world.item.error is not None and world.item.error.code is ErrorCode.PROCESSING_ERROR


def test_input_rejected_by_media_code_keeps_its_code() -> None:
    def picky(
        data: Original, content_type: str, preset: Preset, limits: Limits, times: StepTimes
    ) -> Rendering:
        raise InputRejected("too many frames", ErrorCode.TOO_MANY_FRAMES)

    world = World(images.jpeg(100, 100))
    world.pipeline = Pipeline(world.repository, world.storage, CONFIG, clock=world.clock, media=picky)
    assert world.run() is Result.REJECTED
    assert world.item.error is not None and world.item.error.code is ErrorCode.TOO_MANY_FRAMES


def test_storage_trouble_releases_the_claim_and_raises_for_a_redelivery() -> None:
    world = World(images.jpeg(100, 100))
    world.storage.fail_writes = True
    with pytest.raises(ConnectionError):
        world.run()
    assert world.item.status is MediaStatus.PROCESSING
    assert world.item.lease_expires_at == world.clock()  # released: the redelivered message may reclaim now
    world.storage.fail_writes = False
    assert world.run() is Result.READY


def test_deleted_while_processing_leaves_no_outputs_behind() -> None:
    world = World(images.jpeg(100, 100))
    repository = world.repository
    original_complete = repository.complete

    def delete_then_complete(item, outcome, *, now, compute=None):  # type: ignore[no-untyped-def]
        repository.delete(OWNER, ID)
        return original_complete(item, outcome, now=now, compute=compute)

    repository.complete = delete_then_complete  # type: ignore[method-assign]
    assert world.run() is Result.LOST
    assert world.storage.outputs == {}


def test_an_unknown_preset_falls_back_to_the_default() -> None:
    world = World(images.jpeg(100, 100))
    world.repository.items[(OWNER, ID)] = replace(world.item, preset="removed-since")
    assert world.run() is Result.READY
    assert world.item.metadata["preset"] == "default"


def test_giving_up_marks_the_item_failed_and_a_redriven_message_can_still_finish_it() -> None:
    world = World(images.jpeg(100, 100))
    claimed = world.repository.claim(
        OWNER, ID, now=world.clock(), lease_until=world.clock() + timedelta(seconds=60)
    )
    assert claimed is not None
    world.repository.release(claimed, now=world.clock())  # what a failed attempt does before raising
    world.pipeline.give_up(Job(OWNER, ID))
    assert world.item.status is MediaStatus.FAILED
    assert world.item.error is not None and world.item.error.code is ErrorCode.RETRIES_EXHAUSTED
    # The DLQ kept the message; `mediapipe redrive` puts it back and it completes the item.
    assert world.run() is Result.READY


def test_giving_up_leaves_an_item_another_attempt_holds() -> None:
    # GIVEN a duplicate delivery's last receive failing while another worker holds the item
    world = World(images.jpeg(100, 100))
    world.repository.claim(OWNER, ID, now=world.clock(), lease_until=world.clock() + timedelta(seconds=60))
    # THEN giving up on it leaves that attempt to finish
    world.pipeline.give_up(Job(OWNER, ID))
    assert world.item.status is MediaStatus.PROCESSING


def test_giving_up_never_touches_a_finished_item() -> None:
    world = World(images.jpeg(100, 100))
    assert world.run() is Result.READY
    world.pipeline.give_up(Job(OWNER, ID))
    assert world.item.status is MediaStatus.READY


def test_the_processed_version_is_recorded() -> None:
    world = World(images.jpeg(100, 100))
    assert world.run() is Result.READY
    assert world.item.metadata["sourceEtag"] == "etag"


def test_a_delete_that_sweeps_while_outputs_are_still_being_written_leaves_none_behind() -> None:
    # GIVEN a processor at work, and a delete that marks the item and sweeps its objects just before
    # the processor's first output lands (so the sweep misses every output)
    world = World(images.jpeg(100, 100))
    write = world.storage.write_output
    swept: list[bool] = []

    def delete_meanwhile(key: str, data: bytes | Path, content_type: str) -> None:
        if not swept:
            assert world.repository.begin_delete(OWNER, ID, now=world.clock()) is not None
            world.storage.delete_media(OWNER, ID)
            swept.append(True)
        write(key, data, content_type)

    world.storage.write_output = delete_meanwhile  # type: ignore[method-assign]
    # WHEN the processor finishes
    # THEN its claim is lost to the delete, and it removes what it wrote itself
    assert world.run() is Result.LOST
    assert world.storage.outputs == {}
    assert world.item.deleting_since is not None  # the delete's last step is still to come
