"""The entries of a redrive: one per item redriven, whatever its messages look like; the operator as
`who`, or `operator` when STS will not say."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from app.client.redrive_audit import UNKNOWN_OPERATOR, operator_identity, record_redrive, redriven_jobs
from app.domain.audit import AuditAction, AuditRetention
from app.domain.jobs import Job, encode_job
from tests.fakes import FakeClock, InMemoryRepository

BUCKET = "uploads"
ITEM = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"
OTHER = "01JD2W3X4Y5Z6A7B8C9D0EFGHK"


def s3_event(owner: str, media_id: str) -> str:
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": BUCKET}, "object": {"key": f"originals/{owner}/{media_id}", "size": 1}},
    }
    return json.dumps({"Records": [record]})


def test_each_item_once_from_jobs_and_s3_events_and_nothing_from_garbage() -> None:
    bodies = [
        encode_job(Job("alice", ITEM, "retry")),
        s3_event("alice", ITEM),  # the same item again
        s3_event("bob", OTHER),
        "not json",
        json.dumps({"Event": "s3:TestEvent"}),
    ]
    assert [(j.owner, j.media_id) for j in redriven_jobs(bodies, uploads_bucket=BUCKET)] == [
        ("alice", ITEM),
        ("bob", OTHER),
    ]


def test_entries_go_to_each_items_owner_with_the_operator_and_the_retention() -> None:
    repository, clock, ids = (
        InMemoryRepository(),
        FakeClock(),
        iter(["01JD2W3X4Y5Z6A7B8C9D0EFGH1", "01JD2W3X4Y5Z6A7B8C9D0EFGH2"]),
    )
    recorded = record_redrive(
        repository,
        [s3_event("alice", ITEM), s3_event("bob", OTHER)],
        uploads_bucket=BUCKET,
        who="arn:aws:iam::1:user/ops",
        retention=AuditRetention(days=10),
        clock=clock,
        new_id=lambda: next(ids),
    )
    assert recorded == 2
    (alices,) = repository.audit_log("alice", limit=10, after=None).entries
    (bobs,) = repository.audit_log("bob", limit=10, after=None).entries
    assert (alices.action, alices.media_id, alices.who) == (
        AuditAction.REDRIVE,
        ITEM,
        "arn:aws:iam::1:user/ops",
    )
    assert bobs.media_id == OTHER
    assert alices.expires_at == clock() + timedelta(days=10)


class FakeSts:
    def __init__(self, answer: dict[str, Any] | Exception) -> None:
        self.answer = answer

    def get_caller_identity(self) -> dict[str, Any]:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def test_the_operator_is_the_callers_arn_or_operator() -> None:
    assert (
        operator_identity(FakeSts({"Arn": "arn:aws:sts::1:assumed-role/ops/me"}))
        == "arn:aws:sts::1:assumed-role/ops/me"
    )
    assert operator_identity(FakeSts(ConnectionError("no network"))) == UNKNOWN_OPERATOR
    assert operator_identity(FakeSts({})) == UNKNOWN_OPERATOR
