"""The audit log through the running stack: an entry for each audited action (deleteMedia,
retryProcessing, `mediapipe redrive`), its TTL from the retention, its owner's alone, paged newest
first, and never among the owner's media."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from app.adapters import audit_codec
from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.table_schema import TTL_ATTRIBUTE, audit_sk, owner_pk
from app.client.api import MediaPipeClient
from app.domain.audit import DEFAULT_RETENTION_DAYS, AuditAction, AuditRetention
from app.domain.jobs import Job, encode_job
from tests import media_factory as images
from tests.factories import media_item
from tests.integration.conftest import Stack, upload_bytes
from tests.integration.test_retry_and_redelivery import failed_before_processing


def repository(stack: Stack) -> DynamoMediaRepository:
    return DynamoMediaRepository(stack.state["tableName"], stack.aws("dynamodb"))


def entries_for(client: MediaPipeClient, media_id: str) -> list[dict[str, Any]]:
    return [e["node"] for e in client.audit_log(first=100)["edges"] if e["node"]["mediaId"] == media_id]


def stored_entries(stack: Stack, owner: str) -> list[dict[str, Any]]:
    """The raw records under the owner's partition whose sort key is an audit entry's."""
    found = stack.aws("dynamodb").query(
        TableName=stack.state["tableName"],
        KeyConditionExpression="pk = :pk AND begins_with(sk, :audit)",
        ExpressionAttributeValues={":pk": {"S": owner_pk(owner)}, ":audit": {"S": audit_sk("")}},
    )
    items: list[dict[str, Any]] = found["Items"]
    return items


def test_delete_is_recorded_with_who_what_when_and_a_ttl_from_the_retention(
    alice: MediaPipeClient, stack: Stack
) -> None:
    # GIVEN a READY item of Alice's
    media = upload_bytes(alice, images.jpeg(64, 64), "to-delete.jpg", "image/jpeg")
    assert alice.wait(media["id"])["status"] == "READY"
    before = datetime.now(UTC) - timedelta(seconds=1)

    # WHEN she deletes it
    assert alice.delete(media["id"]) is True

    # THEN her log holds one DELETE of it, by her, just now, naming the file
    (entry,) = entries_for(alice, media["id"])
    owner = stack.owner()
    assert (entry["action"], entry["who"], entry["detail"]) == ("DELETE", owner, "to-delete.jpg")
    at = datetime.fromisoformat(entry["at"])
    assert before <= at <= datetime.now(UTC)
    # AND its record carries the table's TTL attribute, the stack's retention (the default) after it
    (record,) = [r for r in stored_entries(stack, owner) if r["mediaId"]["S"] == media["id"]]
    assert int(record[TTL_ATTRIBUTE]["N"]) == int((at + timedelta(days=DEFAULT_RETENTION_DAYS)).timestamp())
    # AND the owner's media list still reads (no audit record among the items), without the item
    assert media["id"] not in {e["node"]["id"] for e in alice.media_list(first=100)["edges"]}


def test_retry_is_recorded_with_the_error_it_retried(alice: MediaPipeClient, stack: Stack) -> None:
    # GIVEN an item the system failed (as a timeout would), its file uploaded
    media_id, owner = failed_before_processing(alice, stack, "flaky.jpg", "slow")
    assert (alice.media(media_id) or {}).get("status") == "FAILED"

    # WHEN she retries it
    assert alice.retry(media_id)["status"] == "PROCESSING"

    # THEN the log says so, once, and the item goes on to finish
    assert [(e["action"], e["who"], e["detail"]) for e in entries_for(alice, media_id)] == [
        ("RETRY", owner, "after TIMEOUT")
    ]
    assert alice.wait(media_id)["status"] == "READY"


def test_a_redrive_is_recorded_for_the_items_owner_with_the_operator(
    alice: MediaPipeClient, stack: Stack
) -> None:
    # GIVEN a job of Alice's item in the dead-letter queue, twice (one entry per item). Not garbage
    # as well (tests/unit/app/client/test_redrive_audit.py has it): redriven, it would cycle through
    # the shared stack's jobs queue until its receives ran out, keeping the queue busy for minutes.
    media = upload_bytes(alice, images.jpeg(48, 48), "dead-lettered.jpg", "image/jpeg")
    assert alice.wait(media["id"])["status"] == "READY"
    job = encode_job(Job(owner=stack.owner(), media_id=media["id"], reason="upload"))
    for body in (job, job):
        stack.aws("sqs").send_message(QueueUrl=stack.state["dlqUrl"], MessageBody=body)

    # WHEN an operator redrives the DLQ
    redriven = subprocess.run(
        [sys.executable, "-m", "app.cli", "redrive", "--state-file", str(stack.state_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert redriven.returncode == 0, redriven.stderr

    # THEN Alice's log holds one REDRIVE of the item, by the operator's AWS identity
    (entry,) = entries_for(alice, media["id"])
    assert entry["action"] == "REDRIVE"
    assert entry["who"].startswith("arn:aws:") or entry["who"] == "operator"
    assert entry["detail"] == "from the dead-letter queue"


def test_another_user_never_sees_the_log(alice: MediaPipeClient, bob: MediaPipeClient) -> None:
    media = upload_bytes(alice, images.jpeg(32, 32), "mine.jpg", "image/jpeg")
    assert alice.wait(media["id"])["status"] == "READY"
    assert alice.delete(media["id"])
    alices = alice.audit_log(first=100)
    assert entries_for(alice, media["id"])

    # Neither by asking nor with Alice's cursor
    assert entries_for(bob, media["id"]) == []
    cursor = alices["edges"][0]["cursor"]
    after = bob.audit_log(first=100, after=cursor)
    assert media["id"] not in {e["node"]["mediaId"] for e in after["edges"]}


def test_pages_run_newest_first_without_gaps_or_repeats(stack: Stack) -> None:
    # GIVEN a user of their own, who deletes four items one after another
    with stack.client(f"audit-pages-{datetime.now(UTC).timestamp():.0f}@example.com") as carol:
        deleted = []
        for n in range(4):
            media = carol.create_upload(f"{n}.jpg", "image/jpeg", 10)["media"]
            assert carol.delete(media["id"])
            deleted.append(media["id"])

        # WHEN the log is read two entries at a time
        seen: list[str] = []
        after: str | None = None
        while True:
            page = carol.audit_log(first=2, after=after)
            seen.extend(e["node"]["mediaId"] for e in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]

        # THEN every delete is there once, newest first, and her media list is empty of them
        assert seen == list(reversed(deleted))
        assert carol.media_list(first=100)["edges"] == []
        assert carol.usage()["items"] == 0  # entries are not media to the usage either


def test_the_repository_sets_the_ttl_from_any_retention(stack: Stack) -> None:
    # The retention is the entry's: a 7-day one, written alone as a redrive's is, expires 7 days on.
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    entry = AuditRetention(days=7).entry(
        owner="retention-probe",
        id="01JD2W3X4Y5Z6A7B8C9D0EFGHJ",
        at=at,
        action=AuditAction.REDRIVE,
        media_id="01JD2W3X4Y5Z6A7B8C9D0EFGHK",
        who="operator",
    )
    repository(stack).record_audit(entry)
    (record,) = stored_entries(stack, "retention-probe")
    assert int(record[TTL_ATTRIBUTE]["N"]) == int((at + timedelta(days=7)).timestamp())
    assert audit_codec.from_record(record) == entry
    assert repository(stack).audit_log("retention-probe", limit=10, after=None).entries == [entry]


def test_an_action_refused_by_its_guard_records_nothing(stack: Stack) -> None:
    # GIVEN an item that is not FAILED (so REOPEN refuses it) and one that is already gone
    owner, repo, now = "all-or-nothing", repository(stack), datetime.now(UTC)
    retention = AuditRetention()
    waiting = awaiting_upload(stack, owner, "01JD2W3X4Y5Z6A7B8C9D0EFGHM")

    # WHEN the repository is asked to reopen it, and to delete a missing one, each with an entry
    def entry(media_id: str, n: int) -> Any:
        return retention.entry(
            owner=owner,
            id=f"01JD2W3X4Y5Z6A7B8C9D0EFGH{n}",
            at=now,
            action=AuditAction.RETRY,
            media_id=media_id,
            who=owner,
        )

    assert repo.reopen(owner, waiting, now=now, audit=entry(waiting, 3)) is None
    assert (
        repo.delete(owner, "01JD2W3X4Y5Z6A7B8C9D0EFGHN", audit=entry("01JD2W3X4Y5Z6A7B8C9D0EFGHN", 4)) is None
    )

    # THEN neither entry was written: the entry and the action are one transaction
    assert stored_entries(stack, owner) == []


def awaiting_upload(stack: Stack, owner: str, media_id: str) -> str:
    """An AWAITING_UPLOAD item of `owner`'s, created through the repository."""
    now = datetime.now(UTC)
    repository(stack).create(
        media_item(owner=owner, id=media_id, filename="probe.jpg", created_at=now, updated_at=now)
    )
    return media_id
