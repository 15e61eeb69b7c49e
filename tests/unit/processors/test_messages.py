from __future__ import annotations

import json
from typing import Any

import pytest

from app.domain.jobs import Job, encode_job
from processors.messages import UnrecognisedMessage, jobs_from

BUCKET = "uploads"
ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def s3_event(key: str, *, bucket: str = BUCKET, name: str = "ObjectCreated:Post") -> dict[str, Any]:
    """The shape S3 puts on SQS (see the AWS docs' event message structure)."""
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventTime": "2026-01-01T00:00:00.000Z",
                "eventName": name,
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": key, "size": 10, "eTag": "abc", "sequencer": "0055AED6DCD90281E5"},
                },
            }
        ]
    }


def test_s3_object_created_becomes_a_job() -> None:
    jobs = jobs_from(json.dumps(s3_event(f"originals/owner-1/{ID}")), uploads_bucket=BUCKET)
    assert jobs == [Job("owner-1", ID, "upload")]


def test_keys_are_url_decoded() -> None:
    encoded = f"originals%2Fowner_1%2F{ID}"
    assert jobs_from(json.dumps(s3_event(encoded)), uploads_bucket=BUCKET) == [Job("owner_1", ID, "upload")]


def test_test_event_is_skipped() -> None:
    body = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": BUCKET}
    assert jobs_from(json.dumps(body), uploads_bucket=BUCKET) == []


@pytest.mark.parametrize(
    "event",
    [
        s3_event(f"originals/owner-1/{ID}", bucket="someone-elses"),
        s3_event(f"originals/owner-1/{ID}", name="ObjectRemoved:Delete"),
        s3_event(f"media/owner-1/{ID}/w640.webp"),
        s3_event("originals/owner-1/../../etc"),
    ],
)
def test_events_that_are_not_new_originals_of_ours_are_ignored(event: dict[str, Any]) -> None:
    assert jobs_from(json.dumps(event), uploads_bucket=BUCKET) == []


def test_queued_retry_jobs() -> None:
    assert jobs_from(encode_job(Job("o", ID, "retry")), uploads_bucket=BUCKET) == [Job("o", ID, "retry")]


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", "{}", '{"type": "mediapipe.job", "owner": "o", "mediaId": "nope"}', '"text"'],
)
def test_garbage_is_refused_loudly_so_it_reaches_the_dlq(body: str) -> None:
    with pytest.raises(UnrecognisedMessage):
        jobs_from(body, uploads_bucket=BUCKET)
