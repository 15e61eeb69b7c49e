"""Multipart uploads: the part plan, and the service's create, part URLs, resume, completion, abort
(on the in-memory ports)."""

from __future__ import annotations

import pytest

from app.domain import keys
from app.domain.errors import ErrorCode, InvalidRequest, NotFound
from app.domain.models import MediaStatus, UploadRequest
from app.domain.multipart import (
    BASE_PART_SIZE,
    FIRST_URLS,
    MAX_PARTS,
    MIB,
    MIN_PART_SIZE,
    Part,
    part_count,
    part_size,
)
from app.domain.ports import StoredObject
from app.domain.service import ABANDONED_UPLOAD_TTL
from tests.fakes import FakeClock, InMemoryQueue, InMemoryRepository, InMemoryStorage, in_memory_service

ALICE, BOB = "alice", "bob"
GIB = 1024 * MIB


@pytest.mark.parametrize("size", [1, 16 * MIB, 200 * MIB, 5 * GIB, 80 * GIB, 5 * 1024 * GIB])
def test_parts_fit_s3s_bounds_for_any_size_and_are_the_same_each_time(size: int) -> None:
    chosen = part_size(size)
    assert chosen >= MIN_PART_SIZE and chosen % MIB == 0
    assert part_count(size, chosen) <= MAX_PARTS
    assert part_size(size) == chosen  # a resume cuts the file as the first try did
    assert chosen == BASE_PART_SIZE or part_count(size, chosen // 2) > MAX_PARTS  # as small as fits


class World:
    def __init__(self, size: int = 20 * MIB) -> None:
        self.repository, self.storage, self.queue = InMemoryRepository(), InMemoryStorage(), InMemoryQueue()
        self.service = in_memory_service(
            self.repository, storage=self.storage, queue=self.queue, max_image_bytes=2 * GIB - 1
        )
        self.data = bytes(range(256)) * (size // 256) + b"\x00" * (size % 256)
        self.upload = self.service.create_multipart_upload(
            ALICE, UploadRequest("big.jpg", "image/jpeg", len(self.data))
        )
        self.id = self.upload.item.id

    @property
    def upload_id(self) -> str:
        assert self.upload.item.upload_id is not None
        return self.upload.item.upload_id

    def send(self, number: int, data: bytes | None = None) -> Part:
        size = self.upload.part_size
        chunk = self.data[(number - 1) * size : number * size] if data is None else data
        return Part(number, self.storage.put_part(self.upload_id, number, chunk))

    def parts(self) -> int:
        return part_count(len(self.data), self.upload.part_size)


def test_an_upload_in_parts_resumed_after_two_completes_to_the_original() -> None:
    world = World(size=40 * MIB)
    assert world.upload.part_size == BASE_PART_SIZE and world.parts() == 5
    assert [url.number for url in world.upload.parts] == [1, 2, 3, 4, 5]
    assert world.upload.item.status is MediaStatus.AWAITING_UPLOAD
    sent = [world.send(1), world.send(2)]

    # A client coming back asks what arrived, and sends only the rest.
    held = world.service.uploaded_parts(ALICE, world.id)
    assert [(p.number, p.size) for p in held] == [(1, BASE_PART_SIZE), (2, BASE_PART_SIZE)]
    urls = world.service.part_urls(ALICE, world.id, [3, 4, 5])
    assert [url.number for url in urls] == [3, 4, 5] and all("partNumber=" in url.url for url in urls)
    sent += [world.send(n) for n in (3, 4, 5)]

    item = world.service.complete_multipart_upload(ALICE, world.id, sent)
    assert item.id == world.id
    assert world.storage.originals[keys.original_key(ALICE, world.id)] == world.data
    assert world.storage.multipart == {}


def test_the_first_urls_are_a_few_and_more_come_on_request() -> None:
    world = World(size=300 * MIB)
    assert world.parts() == 38
    assert [url.number for url in world.upload.parts] == list(range(1, FIRST_URLS + 1))
    with pytest.raises(InvalidRequest, match="from 1 to 38"):
        world.service.part_urls(ALICE, world.id, [38, 39])
    with pytest.raises(InvalidRequest, match="at least one"):
        world.service.part_urls(ALICE, world.id, [])


def test_a_completion_with_parts_missing_or_changed_is_refused_and_can_be_tried_again() -> None:
    world = World(size=20 * MIB)
    first, second = world.send(1), world.send(2)
    with pytest.raises(InvalidRequest, match="Parts missing: 3"):
        world.service.complete_multipart_upload(ALICE, world.id, [first, second])
    third = world.send(3)
    with pytest.raises(InvalidRequest, match="not as uploaded"):
        world.service.complete_multipart_upload(ALICE, world.id, [first, Part(2, '"0000"'), third])
    assert world.service.complete_multipart_upload(ALICE, world.id, [first, second, third]).id == world.id


def test_more_bytes_than_declared_drop_the_upload_and_its_item() -> None:
    world = World(size=20 * MIB)
    parts = [world.send(1), world.send(2), world.send(3, world.data[16 * MIB :] + b"more than declared")]
    with pytest.raises(InvalidRequest) as refused:
        world.service.complete_multipart_upload(ALICE, world.id, parts)
    assert refused.value.code is ErrorCode.TOO_LARGE
    assert "declared 20,971,520" in refused.value.message
    assert world.storage.multipart == {}
    assert world.service.get(ALICE, world.id) is None


def test_a_short_part_is_refused_without_dropping_anything() -> None:
    world = World(size=20 * MIB)
    parts = [world.send(1), world.send(2, world.data[8 * MIB : 12 * MIB]), world.send(3)]
    with pytest.raises(InvalidRequest, match="a part is short"):
        world.service.complete_multipart_upload(ALICE, world.id, parts)
    assert world.service.uploaded_parts(ALICE, world.id)  # still there to fix


def test_abort_drops_the_parts_and_the_item() -> None:
    world = World()
    world.send(1)
    assert world.service.abort_upload(BOB, world.id) is False
    assert world.service.abort_upload(ALICE, world.id) is True
    assert world.storage.multipart == {}
    assert world.service.get(ALICE, world.id) is None
    assert world.service.abort_upload(ALICE, world.id) is False


def test_only_the_owner_of_an_unfinished_upload_may_touch_it() -> None:
    world = World()
    for call in (
        lambda: world.service.uploaded_parts(BOB, world.id),
        lambda: world.service.part_urls(BOB, world.id, [1]),
        lambda: world.service.complete_multipart_upload(BOB, world.id, []),
    ):
        with pytest.raises(NotFound):
            call()
    # A plain POST upload has no parts to ask about.
    item, _ = world.service.create_upload(ALICE, UploadRequest("small.jpg", "image/jpeg", 100))
    with pytest.raises(NotFound):
        world.service.uploaded_parts(ALICE, item.id)


def test_a_completed_upload_takes_no_more_parts() -> None:
    world = World(size=10 * MIB)
    parts = [world.send(1), world.send(2)]
    world.service.complete_multipart_upload(ALICE, world.id, parts)
    world.repository.mark_uploaded(ALICE, world.id, now=world.upload.item.created_at)  # its S3 event
    with pytest.raises(InvalidRequest, match="complete"):
        world.service.part_urls(ALICE, world.id, [1])
    assert world.service.abort_upload(ALICE, world.id) is False


def test_a_completion_asked_again_answers_with_the_item() -> None:
    # GIVEN a completion that went through while its answer was lost (a gateway's timeout)
    world = World(size=10 * MIB)
    parts = [world.send(1), world.send(2)]
    world.service.complete_multipart_upload(ALICE, world.id, parts)
    assert world.storage.multipart == {}
    # WHEN the client asks again, before and after the file's arrival moved the item on
    again = world.service.complete_multipart_upload(ALICE, world.id, parts)
    world.repository.mark_uploaded(ALICE, world.id, now=world.upload.item.created_at)
    later = world.service.complete_multipart_upload(ALICE, world.id, [])
    # THEN both answers are the item, and the original is the one joined
    assert again.id == later.id == world.id
    assert later.expires_at is None  # the file's arrival, as the S3 event records it
    assert world.storage.originals[keys.original_key(ALICE, world.id)] == world.data
    with pytest.raises(NotFound):  # idempotent for its owner only
        world.service.complete_multipart_upload(BOB, world.id, parts)


class NoReadsStorage(InMemoryStorage):
    """Object storage as the API's role sees it in AWS: no s3:GetObject, so a HEAD of an original
    is refused (403) rather than answered."""

    def head_original(self, key: str) -> StoredObject | None:
        raise PermissionError(f"AccessDenied: HeadObject {key}")


def test_a_completion_never_reads_the_original_it_joined() -> None:
    # GIVEN an API that may not read originals, and an upload whose completion went through unseen
    repository, storage = InMemoryRepository(), NoReadsStorage()
    service = in_memory_service(repository, storage=storage, max_image_bytes=2 * GIB - 1)
    upload = service.create_multipart_upload(ALICE, UploadRequest("big.jpg", "image/jpeg", 6 * MIB))
    assert upload.item.upload_id is not None
    part = Part(1, storage.put_part(upload.item.upload_id, 1, b"x" * (6 * MIB)))
    first = service.complete_multipart_upload(ALICE, upload.item.id, [part])
    # WHEN the client asks again while S3 no longer knows the upload and its event has not come yet
    again = service.complete_multipart_upload(ALICE, upload.item.id, [part])
    # THEN the answer is the item still, waiting for its event; and a resume is told it is complete
    assert first.id == again.id == upload.item.id and again.status is MediaStatus.AWAITING_UPLOAD
    with pytest.raises(InvalidRequest, match="complete") as asked:
        service.uploaded_parts(ALICE, upload.item.id)
    assert asked.value.code is ErrorCode.INVALID_INPUT
    assert len(storage.originals[keys.original_key(ALICE, upload.item.id)]) == 6 * MIB


def test_a_multipart_upload_is_checked_as_a_post_is() -> None:
    world = World()
    with pytest.raises(InvalidRequest) as refused:
        world.service.create_multipart_upload(ALICE, UploadRequest("x.gif", "image/gif", 100 * MIB))
    assert refused.value.code is ErrorCode.UNSUPPORTED_TYPE
    with pytest.raises(InvalidRequest) as too_big:
        world.service.create_multipart_upload(ALICE, UploadRequest("x.jpg", "image/jpeg", 3 * GIB))
    assert too_big.value.code is ErrorCode.TOO_LARGE
    assert len(world.storage.multipart) == 1  # only the World's own: a refused one starts nothing


def test_an_upload_past_its_ttl_is_gone_with_its_parts_at_the_first_read() -> None:
    clock = FakeClock()
    repository, storage = InMemoryRepository(), InMemoryStorage()
    service = in_memory_service(repository, storage=storage, clock=clock, max_image_bytes=2 * GIB - 1)
    stale = service.create_multipart_upload(ALICE, UploadRequest("left.jpg", "image/jpeg", 40 * MIB)).item
    assert stale.upload_id is not None
    storage.put_part(stale.upload_id, 1, b"x" * (8 * MIB))
    clock.advance(3600)
    fresh, _ = service.create_upload(ALICE, UploadRequest("new.jpg", "image/jpeg", 100))
    assert {i.id for i in service.list(ALICE, first=10, after=None).items} == {
        stale.id,
        fresh.id,
    }

    clock.advance(ABANDONED_UPLOAD_TTL.total_seconds() - 3600)  # the first one's TTL is up
    assert [i.id for i in service.list(ALICE, first=10, after=None).items] == [fresh.id]
    assert service.get(ALICE, stale.id) is None
    assert storage.multipart == {}  # its parts went with it
    assert (ALICE, stale.id) not in repository.items
    assert service.get(ALICE, fresh.id) is not None
    assert service.audit_log(ALICE, first=10, after=None).entries == []  # nobody deleted anything


def test_a_file_too_big_for_one_post_is_sent_to_the_multipart_upload() -> None:
    world = World()
    with pytest.raises(InvalidRequest, match="createMultipartUpload") as refused:
        world.service.create_upload(ALICE, UploadRequest("huge.jpg", "image/jpeg", 6 * GIB))
    assert refused.value.code is ErrorCode.TOO_LARGE
