"""reprocessMedia end to end on the in-memory ports: the service queues it, the pipeline remakes the
outputs under the new preset's fingerprint and removes the old ones only once the new are listed."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain import keys
from app.domain.audit import AuditAction
from app.domain.errors import ErrorCode, InvalidRequest, NotFound, NotReprocessable
from app.domain.history import Event
from app.domain.jobs import Job
from app.domain.limits import Limits
from app.domain.models import ItemError, MediaItem, MediaKind, MediaStatus, UploadRequest
from app.domain.presets import BUILTIN_PRESETS
from app.domain.rules import Rules
from processors.pipeline import Pipeline, PipelineConfig, Result
from tests import media_factory as images
from tests.fakes import FakeClock, InMemoryQueue, InMemoryRepository, InMemoryStorage, in_memory_service

OWNER, OTHER = "alice", "bob"
CONFIG = PipelineConfig(
    rules=Rules(BUILTIN_PRESETS, "default", Limits(), frozenset({"image/jpeg", "image/png"})),
    lease=timedelta(seconds=60),
)
THUMBNAIL = next(preset for preset in BUILTIN_PRESETS if preset.name == "thumbnail")


class World:
    def __init__(self) -> None:
        self.clock = FakeClock()
        self.repository = InMemoryRepository()
        self.storage = InMemoryStorage()
        self.queue = InMemoryQueue()
        self.service = in_memory_service(
            self.repository, storage=self.storage, queue=self.queue, clock=self.clock, max_image_bytes=10**7
        )
        self.pipeline = Pipeline(self.repository, self.storage, CONFIG, clock=self.clock)

    def ready_item(self) -> MediaItem:
        data = images.jpeg(800, 600)
        item, _ = self.service.create_upload(OWNER, UploadRequest("a.jpg", "image/jpeg", len(data)))
        self.storage.originals[keys.original_key(OWNER, item.id)] = data
        assert self.run_queued_or(item.id) is Result.READY
        return self.item(item.id)

    def run_queued_or(self, media_id: str) -> Result:
        """The queued job if there is one (a reprocess or retry), else the upload's event."""
        job = self.queue.jobs.pop(0) if self.queue.jobs else Job(OWNER, media_id)
        self.clock.advance(1)
        return self.pipeline.run(job)

    def item(self, media_id: str) -> MediaItem:
        item = self.repository.get(OWNER, media_id)
        assert item is not None
        return item


def test_a_reprocessed_item_moves_to_the_new_preset_and_its_old_outputs_go() -> None:
    world = World()
    before = world.ready_item()
    old_keys = {v.key for v in before.variants}
    assert old_keys == set(world.storage.outputs)

    queued = world.service.reprocess(OWNER, before.id, "thumbnail")
    # Until the new outputs are in, the old ones stay listed and stored: the item stays viewable.
    assert queued.status is MediaStatus.PROCESSING
    assert queued.preset == "thumbnail"
    assert {v.key for v in queued.variants} == old_keys <= set(world.storage.outputs)
    assert [(j.media_id, j.reason) for j in world.queue.jobs] == [(before.id, "reprocess")]

    assert world.run_queued_or(before.id) is Result.READY
    after = world.item(before.id)
    new_keys = {v.key for v in after.variants}
    assert new_keys and not new_keys & old_keys
    assert all(f"-{THUMBNAIL.fingerprint}." in key for key in new_keys)
    assert set(world.storage.outputs) == new_keys  # the old outputs are gone, the new all stored
    assert after.metadata["preset"] == "thumbnail"
    assert after.metadata["presetFingerprint"] == THUMBNAIL.fingerprint
    assert {v.width for v in after.variants} == set(THUMBNAIL.widths)
    # What the owner stores counts the new outputs only, not both sets.
    usage = world.repository.usage(OWNER).by_kind[MediaKind.IMAGE]
    assert usage.output_bytes == sum(v.bytes for v in after.variants)
    assert usage.items == 1


def test_reprocessing_is_in_the_history_and_the_audit_log() -> None:
    world = World()
    item = world.ready_item()
    world.service.reprocess(OWNER, item.id, "thumbnail")
    world.run_queued_or(item.id)
    events = [entry.event for entry in world.item(item.id).history]
    assert events[-3:] == [Event.REPROCESSED, Event.CLAIMED, Event.FINISHED]
    reprocessed = world.item(item.id).history[-3]
    assert reprocessed.note == "reprocess requested with preset thumbnail"
    assert reprocessed.status is MediaStatus.PROCESSING
    entries = world.service.audit_log(OWNER, first=10, after=None).entries
    assert [(e.action, e.media_id, e.detail, e.who) for e in entries] == [
        (AuditAction.REPROCESS, item.id, "thumbnail", OWNER)
    ]
    assert world.service.audit_log(OTHER, first=10, after=None).entries == []


def test_without_a_preset_the_items_own_is_used_as_configured_now() -> None:
    world = World()
    item = world.ready_item()
    queued = world.service.reprocess(OWNER, item.id)
    assert queued.preset == item.preset == "default"
    assert world.run_queued_or(item.id) is Result.READY
    after = world.item(item.id)
    # The same recipe makes the same keys: written again in place, none removed.
    assert {v.key for v in after.variants} == {v.key for v in item.variants} == set(world.storage.outputs)
    assert world.repository.usage(OWNER).by_kind[MediaKind.IMAGE].output_bytes == sum(
        v.bytes for v in after.variants
    )


def test_an_item_rejected_by_a_limit_may_be_reprocessed_and_one_rejected_for_itself_may_not() -> None:
    world = World()
    item = world.ready_item()
    over = replace(
        item, status=MediaStatus.REJECTED, variants=(), error=ItemError(ErrorCode.TOO_LONG, "long")
    )
    world.repository.items[(OWNER, item.id)] = over
    assert world.service.reprocess(OWNER, item.id).status is MediaStatus.PROCESSING
    assert world.run_queued_or(item.id) is Result.READY
    assert world.item(item.id).error is None

    corrupt = replace(
        world.item(item.id), status=MediaStatus.REJECTED, error=ItemError(ErrorCode.CORRUPT, "x")
    )
    world.repository.items[(OWNER, item.id)] = corrupt
    with pytest.raises(NotReprocessable, match="rejected") as refused:
        world.service.reprocess(OWNER, item.id)
    assert refused.value.code is ErrorCode.NOT_REPROCESSABLE


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (MediaStatus.AWAITING_UPLOAD, "not been uploaded"),
        (MediaStatus.PROCESSING, "right now"),
        (MediaStatus.FAILED, "retry it instead"),
    ],
)
def test_only_finished_items_can_be_reprocessed(status: MediaStatus, says: str) -> None:
    world = World()
    item = world.ready_item()
    world.repository.items[(OWNER, item.id)] = replace(
        item, status=status, lease_expires_at=world.clock() + timedelta(seconds=60)
    )
    with pytest.raises(NotReprocessable, match=says):
        world.service.reprocess(OWNER, item.id)
    assert world.queue.jobs == []
    assert world.service.audit_log(OWNER, first=10, after=None).entries == []


def test_an_unknown_preset_or_someone_elses_item_is_refused() -> None:
    world = World()
    item = world.ready_item()
    with pytest.raises(InvalidRequest, match="No preset named 'nope'") as unknown:
        world.service.reprocess(OWNER, item.id, "nope")
    assert unknown.value.code is ErrorCode.UNKNOWN_PRESET
    with pytest.raises(NotFound):
        world.service.reprocess(OTHER, item.id, "thumbnail")
    assert world.item(item.id).status is MediaStatus.READY
    assert world.queue.jobs == []


def test_a_reprocess_that_cannot_be_queued_fails_the_item_with_its_old_outputs_kept() -> None:
    world = World()
    item = world.ready_item()
    world.queue.fail = True
    with pytest.raises(ConnectionError):
        world.service.reprocess(OWNER, item.id, "thumbnail")
    after = world.item(item.id)
    assert after.status is MediaStatus.FAILED
    assert after.error is not None and after.error.code is ErrorCode.UNAVAILABLE
    assert after.variants == item.variants
    assert set(world.storage.outputs) == {v.key for v in item.variants}
    # A retry then finishes the reprocess, with the preset it asked for.
    world.queue.fail = False
    world.service.retry(OWNER, item.id)
    assert world.run_queued_or(item.id) is Result.READY
    assert all(f"-{THUMBNAIL.fingerprint}." in v.key for v in world.item(item.id).variants)
    assert set(world.storage.outputs) == {v.key for v in world.item(item.id).variants}


def test_a_reprocess_that_ends_rejected_keeps_the_old_outputs() -> None:
    world = World()
    item = world.ready_item()
    world.service.reprocess(OWNER, item.id, "thumbnail")
    world.storage.originals[keys.original_key(OWNER, item.id)] = b"not a picture any more"
    assert world.run_queued_or(item.id) is Result.REJECTED
    after = world.item(item.id)
    assert after.variants == item.variants
    assert set(world.storage.outputs) == {v.key for v in item.variants}
    usage = world.repository.usage(OWNER).by_kind[MediaKind.IMAGE]
    assert usage.output_bytes == sum(v.bytes for v in item.variants)
