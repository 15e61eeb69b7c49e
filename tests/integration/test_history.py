"""An item's history, through the running stack (API, queue, worker, table) and on the repositories:
complete and ordered for each way an item's life goes, unchanged by duplicate deliveries, bounded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.client.api import MediaPipeClient
from app.domain.errors import ErrorCode
from app.domain.history import NOTE_LIMIT, SLOTS
from app.domain.jobs import Job, encode_job
from app.domain.ports import MediaRepository
from tests import media_factory as images
from tests.factories import media_item
from tests.fakes import InMemoryRepository
from tests.integration.conftest import (
    Emulator,
    Stack,
    eventually,
    start_stack,
    stop_stack,
    upload_bytes,
)
from tests.integration.test_retry_and_redelivery import (
    failed_before_processing,
    owner_of,
    queue_is_idle,
)


def life(client: MediaPipeClient, media_id: str) -> list[tuple[str, int, str | None, str]]:
    """(status, attempt, code, note) of each event, as the API returns them; their times in order."""
    item = client.history(media_id)
    assert item is not None
    history: list[dict[str, Any]] = item["history"]
    times = [datetime.fromisoformat(e["at"]) for e in history]
    assert times == sorted(times)
    return [(e["status"], e["attempt"], e["code"], e["note"]) for e in history]


def redeliver(stack: Stack, owner: str, media_id: str, times: int, timeout: float = 30.0) -> None:
    """The item's S3 event, sent to the jobs queue again `times` times (as SQS may redeliver it)."""
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "eventTime": datetime.now(UTC).isoformat(),
                "s3": {
                    "bucket": {"name": stack.state["uploadsBucket"]},
                    "object": {"key": f"originals/{owner}/{media_id}", "size": 1, "eTag": "x"},
                },
            }
        ]
    }
    for _ in range(times):
        stack.aws("sqs").send_message(QueueUrl=stack.state["queueUrl"], MessageBody=json.dumps(event))
    eventually(lambda: queue_is_idle(stack), timeout=timeout)


ARRIVED = [
    ("AWAITING_UPLOAD", 0, None, "upload requested"),
    ("AWAITING_UPLOAD", 0, None, "upload arrived"),
    ("PROCESSING", 1, None, "claimed by attempt 1"),
]


def test_a_ready_item_has_its_whole_life_and_duplicate_deliveries_add_nothing(
    alice: MediaPipeClient, stack: Stack
) -> None:
    # GIVEN a photo uploaded and processed
    media = upload_bytes(alice, images.jpeg(400, 300), "life.jpg", "image/jpeg")
    done = alice.wait(media["id"])
    assert done["status"] == "READY"
    ready = [*ARRIVED, ("READY", 1, None, f"attempt 1 ended: READY, {len(done['variants'])} outputs")]
    assert life(alice, media["id"]) == ready

    # WHEN its S3 event is delivered twice more THEN no second claim or READY is recorded
    redeliver(stack, owner_of(stack, media["id"]), media["id"], times=2)
    assert life(alice, media["id"]) == ready


def test_a_rejected_item_ends_with_its_code(alice: MediaPipeClient) -> None:
    media = upload_bytes(alice, images.jpeg(400, 300)[:300], "cut.jpg", "image/jpeg")
    done = alice.wait(media["id"])
    assert done["status"] == "REJECTED"
    *arrived, (status, attempt, code, note) = life(alice, media["id"])
    assert arrived == ARRIVED
    assert (status, attempt, code) == ("REJECTED", 1, done["error"]["code"])
    assert note.startswith("attempt 1 ended: REJECTED, ") and len(note) <= NOTE_LIMIT


def test_a_failed_then_retried_item_shows_both_attempts(alice: MediaPipeClient, stack: Stack) -> None:
    # GIVEN an item the system failed before its file was processed (as a timeout would)
    media_id, owner = failed_before_processing(alice, stack, "retried.jpg", "too slow")

    # WHEN it is retried, and its job delivered twice
    alice.retry(media_id)
    done = alice.wait(media_id)
    assert done["status"] == "READY"
    redeliver(stack, owner, media_id, times=2)

    # THEN its history holds each attempt once, in order
    assert life(alice, media_id) == [
        ("AWAITING_UPLOAD", 0, None, "upload requested"),
        ("PROCESSING", 1, None, "claimed by attempt 1"),
        ("FAILED", 1, "TIMEOUT", "attempt 1 ended: FAILED, too slow"),
        ("PROCESSING", 1, None, "retry requested"),
        ("PROCESSING", 2, None, "claimed by attempt 2"),
        ("READY", 2, None, f"attempt 2 ended: READY, {len(done['variants'])} outputs"),
    ]


# A job delivered again while another attempt holds the item comes back after the queue's
# visibility timeout (processors/pipeline.py: ItemBusy); on the shared stack that is a quarter of an
# hour, and the queue would stay busy for every test after. So this test gets a stack of its own
# whose lease and visibility are short enough to wait for.
SHORT_LEASE_S = 20
SHORT_VISIBILITY_S = 30


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    timing = {
        "MEDIAPIPE_LEASE_SECONDS": str(SHORT_LEASE_S),
        "MEDIAPIPE_LOCAL_VISIBILITY_SECONDS": str(SHORT_VISIBILITY_S),
    }
    process, stack = start_stack(tmp_path_factory.mktemp("quick"), extra_env=timing)
    yield stack
    stop_stack(process)


def test_a_reprocessed_item_shows_the_request_and_its_attempt_once(quick: Stack) -> None:
    with quick.client() as alice:
        # GIVEN a READY photo
        media = upload_bytes(alice, images.jpeg(400, 300), "remade.jpg", "image/jpeg")
        first = alice.wait(media["id"])
        assert first["status"] == "READY"
        owner = owner_of(quick, media["id"])

        # WHEN it is reprocessed with another preset, and its job and its S3 event are delivered
        # again while it is being remade (each either finds it held and comes back once the
        # visibility ends, or finds it finished)
        alice.reprocess(media["id"], "thumbnail")
        duplicate = encode_job(Job(owner=owner, media_id=media["id"], reason="reprocess"))
        quick.aws("sqs").send_message(QueueUrl=quick.state["queueUrl"], MessageBody=duplicate)
        redeliver(quick, owner, media["id"], times=1, timeout=SHORT_VISIBILITY_S * 3)
        done = alice.wait(media["id"])
        assert done["status"] == "READY"

        # THEN its history holds the first life, the request, and one more attempt, in order
        assert life(alice, media["id"]) == [
            *ARRIVED,
            ("READY", 1, None, f"attempt 1 ended: READY, {len(first['variants'])} outputs"),
            ("PROCESSING", 1, None, "reprocess requested with preset thumbnail"),
            ("PROCESSING", 2, None, "claimed by attempt 2"),
            ("READY", 2, None, f"attempt 2 ended: READY, {len(done['variants'])} outputs"),
        ]


# --- the bound, on both repositories ------------------------------------------------------------

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["dynamodb", "in-memory"])
def repo(request: pytest.FixtureRequest, emulator: Emulator) -> MediaRepository:
    if request.param == "in-memory":
        return InMemoryRepository()
    return DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))


def test_more_events_than_slots_keep_the_newest_in_order(repo: MediaRepository) -> None:
    # GIVEN an item claimed and released over and over (two events a round, as transient errors do)
    item = repo.create(media_item(owner=f"bound-{type(repo).__name__}", created_at=T0, updated_at=T0))
    rounds = SLOTS  # 1 + 2 x SLOTS events: the first SLOTS + 1 are overwritten
    for n in range(rounds):
        at = T0 + timedelta(seconds=n + 1)
        claimed = repo.claim(item.owner, item.id, now=at, lease_until=at + timedelta(minutes=5))
        assert claimed is not None
        repo.release(claimed, now=at, code=ErrorCode.UNAVAILABLE)

    # THEN only the newest SLOTS remain, oldest first, numbered without a gap
    stored = repo.get(item.owner, item.id)
    assert stored is not None and len(stored.history) == SLOTS
    assert [e.seq for e in stored.history] == list(range(2 * rounds + 1 - SLOTS + 1, 2 * rounds + 2))
    assert stored.history[-1].note == f"attempt {rounds} gave its lease back"
    assert stored.history[-1].code is ErrorCode.UNAVAILABLE
    assert stored.history[-2].note == f"claimed by attempt {rounds}"  # a released lease: a plain claim
    assert [e.at for e in stored.history] == sorted(e.at for e in stored.history)
