"""The dead-letter sweep: items whose jobs sit in the DLQ end FAILED, and only those nobody works on."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from app.domain import keys
from app.domain.errors import ErrorCode
from app.domain.jobs import Job, encode_job
from app.domain.models import MediaStatus, Processed
from processors.dead_letters import DeadLetterSweep
from tests.factories import media_item
from tests.fakes import FakeClock, InMemoryDeadLetters, InMemoryRepository

BUCKET = "uploads"
OWNER = "owner-1"
IDS = [f"01JD2W3X4Y5Z6A7B8C9D0SWP{n:02d}" for n in range(6)]


def s3_event(media_id: str) -> str:
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": BUCKET}, "object": {"key": keys.original_key(OWNER, media_id)}},
    }
    return json.dumps({"Records": [record]})


def test_the_sweep_fails_what_a_dead_worker_stranded_and_nothing_else() -> None:
    # GIVEN items in every state a dead-lettered job can find them in
    clock = FakeClock()
    repository = InMemoryRepository()
    stranded, awaiting, held, ready, retried, gone = IDS
    for media_id in (stranded, awaiting, held, ready, retried):
        repository.create(media_item(owner=OWNER, id=media_id, expires_at=clock.now + timedelta(days=1)))
    lease = clock.now + timedelta(seconds=60)
    for media_id in (stranded, held, ready, retried):
        assert repository.claim(OWNER, media_id, now=clock.now, lease_until=lease) is not None
    clock.advance(30)
    done = repository.get(OWNER, ready)
    assert done is not None
    repository.complete(done, Processed(variants=(), metadata={}), now=clock.now)
    # the worker holding `stranded` died; `held` and `retried` were reclaimed by live workers
    for media_id in (held, retried):
        item = repository.get(OWNER, media_id)
        assert item is not None
        renewed = clock.now + timedelta(seconds=120)
        repository.items[(OWNER, media_id)] = replace(item, lease_expires_at=renewed)
    clock.advance(31)
    letters = InMemoryDeadLetters(
        [
            s3_event(stranded),
            s3_event(awaiting),  # a batch neighbour whose worker died before it was claimed
            s3_event(held),
            s3_event(ready),
            encode_job(Job(OWNER, retried, reason="retry")),
            s3_event(gone),
            "not a job at all",
            json.dumps({"Event": "s3:TestEvent"}),
        ]
    )
    sweep = DeadLetterSweep(letters, repository, uploads_bucket=BUCKET, clock=clock)

    # WHEN the sweep runs
    report = sweep.run()

    # THEN exactly the items nobody works on are FAILED RETRIES_EXHAUSTED, TTL and lease gone
    assert (report.letters, report.jobs, report.failed, report.unrecognised) == (8, 6, 2, 1)
    for media_id in (stranded, awaiting):
        item = repository.get(OWNER, media_id)
        assert item is not None and item.status is MediaStatus.FAILED
        assert item.error is not None and item.error.code is ErrorCode.RETRIES_EXHAUSTED
        assert (item.expires_at, item.lease_expires_at) == (None, None)
    assert _status(repository, held) is MediaStatus.PROCESSING
    assert _status(repository, retried) is MediaStatus.PROCESSING
    assert _status(repository, ready) is MediaStatus.READY
    # AND the DLQ still holds every message (redrive and the alarm see it), and a second sweep is a no-op
    assert len(letters.bodies) == 8
    assert sweep.run().failed == 0
    # AND a redriven job claims the failed item again
    assert repository.claim(OWNER, stranded, now=clock.now, lease_until=clock.now) is not None


def _status(repository: InMemoryRepository, media_id: str) -> MediaStatus:
    item = repository.get(OWNER, media_id)
    assert item is not None
    return item.status
