"""The audit log through the service over the in-memory fakes: an entry per audited action, kept for
the retention, only in its owner's log, paged newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.audit import AuditAction, AuditRetention
from app.domain.errors import ErrorCode, InvalidRequest, NotRetryable
from app.domain.models import ItemError, MediaStatus, Refused, UploadRequest
from app.domain.service import MediaService
from tests.fakes import FakeClock, InMemoryRepository, in_memory_service

ALICE, BOB = "alice", "bob"


def _service(repository: InMemoryRepository, clock: FakeClock, days: int = 30) -> MediaService:
    return in_memory_service(repository, clock=clock, audit=AuditRetention(days=days))


def _failed(service: MediaService, repository: InMemoryRepository, clock: FakeClock, owner: str) -> str:
    item, _ = service.create_upload(owner, UploadRequest("a.jpg", "image/jpeg", 10))
    claimed = repository.claim(owner, item.id, now=clock(), lease_until=clock())
    assert claimed is not None
    repository.complete(
        claimed, Refused(MediaStatus.FAILED, ItemError(ErrorCode.TIMEOUT, "slow")), now=clock()
    )
    return item.id


def test_delete_and_retry_each_record_who_what_and_when_with_the_retention() -> None:
    # GIVEN a failed item and a ready-to-delete one
    repository, clock = InMemoryRepository(), FakeClock()
    service = _service(repository, clock, days=30)
    failed = _failed(service, repository, clock, ALICE)
    doomed, _ = service.create_upload(ALICE, UploadRequest("holiday.png", "image/png", 10))

    # WHEN the owner retries one and, a minute later, deletes the other
    service.retry(ALICE, failed)
    clock.advance(60)
    assert service.delete(ALICE, doomed.id)

    # THEN the log holds both, newest first, each expiring 30 days after it happened
    entries = service.audit_log(ALICE, first=10, after=None).entries
    assert [(e.action, e.media_id, e.who, e.detail) for e in entries] == [
        (AuditAction.DELETE, doomed.id, ALICE, "holiday.png"),
        (AuditAction.RETRY, failed, ALICE, "after TIMEOUT"),
    ]
    assert entries[0].at == clock() and entries[1].at == clock() - timedelta(seconds=60)
    assert all(e.expires_at - e.at == timedelta(days=30) for e in entries)


def test_a_refused_action_records_nothing() -> None:
    repository, clock = InMemoryRepository(), FakeClock()
    service = _service(repository, clock)
    item, _ = service.create_upload(ALICE, UploadRequest("a.jpg", "image/jpeg", 10))
    with pytest.raises(NotRetryable):
        service.retry(ALICE, item.id)  # not uploaded yet
    assert service.delete(BOB, item.id) is False  # not Bob's
    assert service.audit_log(ALICE, first=10, after=None).entries == []
    assert service.audit_log(BOB, first=10, after=None).entries == []


def test_the_log_is_the_owners_alone_and_pages_newest_first() -> None:
    repository, clock = InMemoryRepository(), FakeClock()
    service = _service(repository, clock)
    ids = []
    for n in range(5):
        item, _ = service.create_upload(ALICE, UploadRequest(f"{n}.jpg", "image/jpeg", 10))
        service.delete(ALICE, item.id)
        ids.append(item.id)
    assert service.audit_log(BOB, first=10, after=None).entries == []

    seen: list[str] = []
    after: str | None = None
    while True:
        page = service.audit_log(ALICE, first=2, after=after)
        seen.extend(e.media_id for e in page.entries)
        if page.end_cursor is None:
            break
        after = page.end_cursor
    assert seen == list(reversed(ids))


def test_listing_media_never_shows_audit_entries() -> None:
    repository, clock = InMemoryRepository(), FakeClock()
    service = _service(repository, clock)
    kept, _ = service.create_upload(ALICE, UploadRequest("kept.jpg", "image/jpeg", 10))
    gone, _ = service.create_upload(ALICE, UploadRequest("gone.jpg", "image/jpeg", 10))
    service.delete(ALICE, gone.id)
    assert [i.id for i in service.list(ALICE, first=10, after=None).items] == [kept.id]


@pytest.mark.parametrize("first", [0, 101])
def test_the_page_size_is_bounded(first: int) -> None:
    service = _service(InMemoryRepository(), FakeClock())
    with pytest.raises(InvalidRequest):
        service.audit_log(ALICE, first=first, after=None)


@pytest.mark.parametrize("days", [0, 3651])
def test_the_retention_is_bounded(days: int) -> None:
    with pytest.raises(ValueError, match="audit retention"):
        AuditRetention(days=days)
