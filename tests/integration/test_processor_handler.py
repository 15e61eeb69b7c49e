"""The processor Lambda's handler, invoked directly with Lambda-shaped SQS events against the emulator."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain import keys
from app.domain.models import MediaItem, MediaStatus
from app.local.worker import LocalContext
from processors import handler as processor
from processors.handler import handler
from tests import media_factory as images
from tests.emf import emf_points, json_lines
from tests.integration.conftest import Emulator, seed_upload

OWNER = "owner-batch"
CONTEXT: Any = LocalContext()  # the parts of a LambdaContext the handler reads


def new_item(emulator: Emulator, media_id: str, data: bytes) -> None:
    resources = emulator.resources
    seed_upload(emulator.aws, resources.table_name, resources.uploads_bucket, OWNER, media_id, data)


def sqs_record(message_id: str, body: str) -> dict[str, Any]:
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1700000000000"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:mediapipe-jobs",
        "awsRegion": "us-east-1",
    }


def s3_body(bucket: str, media_id: str) -> str:
    key = keys.original_key(OWNER, media_id).replace("/", "%2F")
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": bucket}, "object": {"key": key, "size": 1, "eTag": "x"}},
    }
    return json.dumps({"Records": [record]})


def status_of(emulator: Emulator, media_id: str) -> MediaItem:
    item = DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb")).get(OWNER, media_id)
    assert item is not None
    return item


def test_a_batch_with_one_poison_record_completes_the_others(emulator: Emulator) -> None:
    good1, corrupt, good2 = (
        "01JD2W3X4Y5Z6A7B8C9D0BAT01",
        "01JD2W3X4Y5Z6A7B8C9D0BAT02",
        "01JD2W3X4Y5Z6A7B8C9D0BAT03",
    )
    new_item(emulator, good1, images.jpeg(320, 240))
    new_item(emulator, corrupt, images.jpeg(320, 240)[:500])
    new_item(emulator, good2, images.jpeg(240, 320))
    bucket = emulator.resources.uploads_bucket
    event = {
        "Records": [
            sqs_record("m1", s3_body(bucket, good1)),
            sqs_record("m2", "this is not an S3 event"),
            sqs_record("m3", s3_body(bucket, corrupt)),
            sqs_record("m4", json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent"})),
            sqs_record("m5", s3_body(bucket, good2)),
        ]
    }

    response = handler(event, CONTEXT)

    assert response == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert status_of(emulator, good1).status is MediaStatus.READY
    assert status_of(emulator, good2).status is MediaStatus.READY
    rejected = status_of(emulator, corrupt)
    assert rejected.status is MediaStatus.REJECTED
    assert rejected.error is not None and rejected.error.code.value == "CORRUPT"


def test_the_same_event_twice_gives_one_result(emulator: Emulator) -> None:
    media_id = "01JD2W3X4Y5Z6A7B8C9D0D0P01"
    new_item(emulator, media_id, images.jpeg(640, 480))
    body = s3_body(emulator.resources.uploads_bucket, media_id)

    handler({"Records": [sqs_record("a", body)]}, CONTEXT)
    first = status_of(emulator, media_id)
    second_response = handler({"Records": [sqs_record("b", body), sqs_record("c", body)]}, CONTEXT)

    assert second_response == {"batchItemFailures": []}
    assert status_of(emulator, media_id) == first
    assert first.status is MediaStatus.READY
    assert first.attempt == 1


def test_each_items_log_lines_name_it_and_its_attempt_and_its_metrics_are_published(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The logger's handler holds the stdout of when it was made (import time): this test's instead
    monkeypatch.setattr(processor.logger.registered_handler, "stream", sys.stdout)
    first, second = "01JD2W3X4Y5Z6A7B8C9D0C0R01", "01JD2W3X4Y5Z6A7B8C9D0C0R02"
    new_item(emulator, first, images.jpeg(320, 240))
    new_item(emulator, second, b"definitely not a picture")
    bucket = emulator.resources.uploads_bucket
    # GIVEN a batch of two uploads, the first with S3's event time
    with_time = json.loads(s3_body(bucket, first))
    with_time["Records"][0]["eventTime"] = "2026-01-01T00:00:00.000Z"
    event = {
        "Records": [sqs_record("msg-1", json.dumps(with_time)), sqs_record("msg-2", s3_body(bucket, second))]
    }
    capsys.readouterr()
    # WHEN the processor handles it
    assert handler(event, CONTEXT) == {"batchItemFailures": []}
    out = capsys.readouterr().out
    lines = [line for line in json_lines(out) if "level" in line]
    # THEN each item's lines carry its id, and from its claim on, its attempt
    for media_id, message_id, outcome in ((first, "msg-1", "READY"), (second, "msg-2", "REJECTED")):
        mine = [line for line in lines if line.get("media_id") == media_id]
        messages = [line["message"] for line in mine]
        assert messages[0] == "Item claimed", messages
        assert messages[-1] == "Item finished"
        assert all(line["attempt"] == 1 for line in mine)
        # AND the claim names the SQS message beside the item
        assert mine[0]["message_id"] == message_id
        assert mine[-1]["status"] == outcome
    # AND once the batch is done, the logger forgets them
    assert not {"media_id", "attempt", "message_id"} & set(processor.logger.get_current_keys())
    # AND the metrics: both items finished by kind and outcome, the lag of the one with an event time
    points = emf_points(out)
    finished = sorted(p["dimensions"]["outcome"] for p in points if p["name"] == "ItemsFinished")
    assert finished == ["READY", "REJECTED"]
    (lag,) = [p for p in points if p["name"] == "QueueLag"]
    assert lag["value"] > 0
    values = {str(v) for p in points for v in p["dimensions"].values()}
    assert not values & {first, second, OWNER, "msg-1", "msg-2"}
