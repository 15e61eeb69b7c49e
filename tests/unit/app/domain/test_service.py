from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.domain import keys
from app.domain.errors import ErrorCode, InvalidRequest, NotFound, NotRetryable, RateLimited
from app.domain.models import ItemError, MediaStatus, Refused, UploadRequest
from app.domain.service import MAX_PAGE_SIZE, MediaService
from app.domain.usage import Quota, QuotaExceeded
from tests.fakes import (
    FakeClock,
    FixedBudget,
    InMemoryQueue,
    InMemoryRepository,
    InMemoryStorage,
    in_memory_service,
)

ALICE, BOB = "alice", "bob"


@pytest.fixture
def world() -> tuple[MediaService, InMemoryRepository, InMemoryStorage, InMemoryQueue, FakeClock]:
    repository, storage, queue, clock = InMemoryRepository(), InMemoryStorage(), InMemoryQueue(), FakeClock()
    service = in_memory_service(repository, storage=storage, queue=queue, clock=clock, max_image_bytes=1000)
    return service, repository, storage, queue, clock


World = tuple[MediaService, InMemoryRepository, InMemoryStorage, InMemoryQueue, FakeClock]


def test_create_upload_registers_an_item_and_signs_its_key(world: World) -> None:
    service, repository, *_ = world
    item, upload = service.create_upload(ALICE, UploadRequest("../My Photo.JPG", "image/JPG", 900))
    assert item.status is MediaStatus.AWAITING_UPLOAD
    assert item.filename == "My Photo.JPG"
    assert item.content_type == "image/jpeg"
    assert item.preset == "default"
    assert item.expires_at is not None
    assert repository.get(ALICE, item.id) == item
    assert upload.fields["key"] == keys.original_key(ALICE, item.id)
    assert upload.fields["max"] == "900"  # the POST may carry no more than was declared


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (UploadRequest("a.gif", "image/gif", 10), ErrorCode.UNSUPPORTED_TYPE),  # known, but not allowed here
        (UploadRequest("a.svg", "image/svg+xml", 10), ErrorCode.UNSUPPORTED_TYPE),
        (UploadRequest("a.jpg", "image/jpeg", 1001), ErrorCode.TOO_LARGE),
        (UploadRequest("a.jpg", "image/jpeg", 0), ErrorCode.INVALID_INPUT),
        (UploadRequest("a.jpg", "image/jpeg", -5), ErrorCode.INVALID_INPUT),
        (UploadRequest("a.jpg", "image/jpeg", 10, preset="nope"), ErrorCode.UNKNOWN_PRESET),
    ],
)
def test_create_upload_refuses_with_a_stable_code(
    world: World, request_: UploadRequest, code: ErrorCode
) -> None:
    service, repository, *_ = world
    with pytest.raises(InvalidRequest) as raised:
        service.create_upload(ALICE, request_)
    assert raised.value.code is code
    assert repository.items == {}


def test_reads_are_scoped_to_the_owner(world: World) -> None:
    service, *_ = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    assert service.get(ALICE, item.id) is not None
    assert service.get(BOB, item.id) is None
    assert service.list(BOB, first=10, after=None).items == []
    assert service.delete(BOB, item.id) is False
    with pytest.raises(NotFound):
        service.retry(BOB, item.id)
    assert service.get(ALICE, item.id) is not None


def test_malformed_ids_are_simply_not_found(world: World) -> None:
    service, *_ = world
    assert service.get(ALICE, "../../x") is None
    assert service.delete(ALICE, "x") is False


def test_list_pages_newest_first(world: World) -> None:
    service, *_ = world
    ids = [service.create_upload(ALICE, UploadRequest(f"{n}.jpg", "image/jpeg", 10))[0].id for n in range(5)]
    first = service.list(ALICE, first=2, after=None)
    assert [i.id for i in first.items] == ids[::-1][:2]
    second = service.list(ALICE, first=2, after=first.end_cursor)
    assert [i.id for i in second.items] == ids[::-1][2:4]
    last = service.list(ALICE, first=2, after=second.end_cursor)
    assert [i.id for i in last.items] == ids[:1]
    assert last.end_cursor is None


@pytest.mark.parametrize("first", [0, -1, MAX_PAGE_SIZE + 1])
def test_page_size_is_capped(world: World, first: int) -> None:
    service, *_ = world
    with pytest.raises(InvalidRequest):
        service.list(ALICE, first=first, after=None)


def _fail(repository: InMemoryRepository, clock: FakeClock, owner: str, media_id: str) -> None:
    claimed = repository.claim(owner, media_id, now=clock(), lease_until=clock())
    assert claimed is not None
    error = ItemError(ErrorCode.TIMEOUT, "took too long")
    assert repository.complete(claimed, Refused(MediaStatus.FAILED, error), now=clock())


def test_retry_reopens_a_failed_item_and_queues_a_job(world: World) -> None:
    service, repository, _, queue, clock = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    _fail(repository, clock, ALICE, item.id)
    retried = service.retry(ALICE, item.id)
    assert retried.status is MediaStatus.PROCESSING
    assert retried.error is None
    assert [(j.owner, j.media_id, j.reason) for j in queue.jobs] == [(ALICE, item.id, "retry")]
    # The reopened item is immediately claimable by a worker.
    assert repository.claim(ALICE, item.id, now=clock(), lease_until=clock()) is not None


@pytest.mark.parametrize("status", [MediaStatus.AWAITING_UPLOAD, MediaStatus.READY, MediaStatus.REJECTED])
def test_only_failed_items_can_be_retried(world: World, status: MediaStatus) -> None:
    service, repository, *_ = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    repository.items[(ALICE, item.id)] = replace(item, status=status)
    with pytest.raises(NotRetryable):
        service.retry(ALICE, item.id)


def test_a_retry_that_cannot_be_queued_leaves_the_item_failed(world: World) -> None:
    service, repository, _, queue, clock = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    _fail(repository, clock, ALICE, item.id)
    queue.fail = True
    with pytest.raises(ConnectionError):
        service.retry(ALICE, item.id)
    after = repository.get(ALICE, item.id)
    assert after is not None
    assert after.status is MediaStatus.FAILED
    assert after.error is not None
    assert after.error.code is ErrorCode.TIMEOUT


def test_delete_removes_item_original_and_outputs(world: World) -> None:
    service, repository, storage, *_ = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    storage.originals[keys.original_key(ALICE, item.id)] = b"x"
    storage.outputs[keys.variant_key(ALICE, item.id, "w1", "webp")] = (b"y", "image/webp")
    assert service.delete(ALICE, item.id) is True
    assert repository.get(ALICE, item.id) is None
    assert storage.originals == {}
    assert storage.outputs == {}
    assert service.delete(ALICE, item.id) is False


def test_a_stalled_processing_item_can_be_retried(world: World) -> None:
    service, repository, _, queue, clock = world
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    claimed = repository.claim(ALICE, item.id, now=clock(), lease_until=clock() + timedelta(seconds=60))
    assert claimed is not None
    with pytest.raises(NotRetryable, match="right now"):
        service.retry(ALICE, item.id)  # a worker holds it
    clock.advance(61)  # its worker died: the lease ran out
    assert service.retry(ALICE, item.id).status is MediaStatus.PROCESSING
    assert len(queue.jobs) == 1


def test_create_upload_refuses_past_the_quota_and_says_what_is_used() -> None:
    # GIVEN alice with one arrived item, under a quota of one item
    repository, clock = InMemoryRepository(), FakeClock()
    service = in_memory_service(repository, clock=clock, quota=Quota(max_items=1, max_bytes=10**9))
    first, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 100))
    # (until its upload arrives, it counts nothing)
    service.create_upload(BOB, UploadRequest("b.jpg", "image/jpeg", 100))
    repository.claim(ALICE, first.id, now=clock(), lease_until=clock() + timedelta(minutes=1))
    # WHEN she creates another THEN it is refused with its code, naming the limit
    with pytest.raises(QuotaExceeded) as refused:
        service.create_upload(ALICE, UploadRequest("c.jpg", "image/jpeg", 100))
    assert refused.value.code is ErrorCode.QUOTA_EXCEEDED
    assert "You have 1 items; the limit is 1" in refused.value.message
    # AND bob, with nothing arrived, may still upload; alice may once she deletes
    service.create_upload(BOB, UploadRequest("d.jpg", "image/jpeg", 100))
    assert service.delete(ALICE, first.id)
    service.create_upload(ALICE, UploadRequest("e.jpg", "image/jpeg", 100))
    assert service.usage(ALICE).total().items == 0


def test_each_call_that_makes_work_spends_one_unit_of_the_owners_budget() -> None:
    # GIVEN a budget of 3 units per owner
    repository, budget = InMemoryRepository(), FixedBudget(3)
    service = in_memory_service(repository, work=budget)
    # WHEN alice uploads, retries and deletes
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    with pytest.raises(NotRetryable):
        service.retry(ALICE, item.id)  # refused, but it read the item: it counts
    assert service.delete(ALICE, item.id)
    # THEN each spent one, and the next is refused with the wait, before anything is written
    assert budget.spent == {ALICE: 3}
    with pytest.raises(RateLimited) as raised:
        service.create_upload(ALICE, UploadRequest("b.jpg", "image/jpeg", 10))
    assert raised.value.code is ErrorCode.RATE_LIMITED
    assert raised.value.details() == {"retryAfter": 8}
    assert "8 s" in raised.value.message
    assert repository.items == {}
    # AND another owner has a budget of their own
    service.create_upload(BOB, UploadRequest("c.jpg", "image/jpeg", 10))


def test_what_is_refused_before_any_work_costs_nothing() -> None:
    budget = FixedBudget(1)
    service = in_memory_service(InMemoryRepository(), work=budget)
    with pytest.raises(InvalidRequest):
        service.create_upload(ALICE, UploadRequest("a.pdf", "application/pdf", 10))
    assert not service.delete(ALICE, "../not-an-id")
    with pytest.raises(NotFound):
        service.retry(ALICE, "not-an-id")
    assert budget.spent == {}
    service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))  # the unit is still there
