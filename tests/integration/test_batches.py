"""Before a batch is worked on, against the emulator's real queues and table: its uploads lose their
TTL, and its re-received records move to the isolation queue while their neighbours stay."""

from __future__ import annotations

import itertools
import json
from typing import Any

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.sqs_queue import SqsForwarder
from app.domain import keys
from app.local.emulator import REGION, Resources, create_resources
from app.local.worker import lambda_record
from processors import batches
from tests.factories import media_item
from tests.integration.conftest import Emulator

OWNER = "owner-batches"
_prefixes = itertools.count(1)


def queues(emulator: Emulator) -> Resources:
    return create_resources(
        emulator.resources.endpoint_url,
        credentials=emulator.resources.credentials,
        ui_origins=["http://localhost"],
        visibility_timeout_s=30,
        prefix=f"batches{next(_prefixes)}",
    )


def receive(sqs: Any, url: str, *, visibility: int = 30) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], VisibilityTimeout=visibility
    ).get("Messages", [])
    return messages


def depth(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def test_re_received_records_are_sent_on_alone_and_their_neighbours_stay(emulator: Emulator) -> None:
    # GIVEN a batch whose first two records come back after a crash, beside a fresh one
    resources, sqs = queues(emulator), emulator.aws("sqs")
    sqs.purge_queue(QueueUrl=resources.queue_url)  # the s3:TestEvent the notification sent
    for body in ("again-1", "again-2"):
        sqs.send_message(QueueUrl=resources.queue_url, MessageBody=body)
    assert len(receive(sqs, resources.queue_url, visibility=0)) == 2  # the batch that crashed
    sqs.send_message(QueueUrl=resources.queue_url, MessageBody="fresh")
    messages = receive(sqs, resources.queue_url)
    records = [lambda_record(m, resources.queue_arn, REGION) for m in messages]
    assert sorted(r["attributes"]["ApproximateReceiveCount"] for r in records) == ["1", "2", "2"]
    forwarder = SqsForwarder(resources.queue_url, resources.isolation_queue_url, sqs)

    # WHEN the batch is prepared
    kept = batches.isolate(records, forwarder, source_queue_url=resources.queue_url)

    # THEN only the fresh record is processed here; the others wait alone in the isolation queue,
    # gone from the jobs queue (a crash of this batch cannot return them)
    assert [r["body"] for r in kept] == ["fresh"]
    assert sorted(m["Body"] for m in receive(sqs, resources.isolation_queue_url)) == ["again-1", "again-2"]
    assert depth(sqs, resources.queue_url) == 1
    # AND a record alone in its batch, or from the isolation queue itself, is processed in place
    alone = [r for r in records if r["body"] == "again-1"]
    assert batches.isolate(alone, forwarder, source_queue_url=resources.queue_url) == alone
    isolated = [{**r, "eventSourceARN": r["eventSourceARN"] + "-isolation"} for r in records]
    assert batches.isolate(isolated, forwarder, source_queue_url=resources.queue_url) == isolated


def test_every_upload_of_a_batch_loses_its_ttl_before_any_is_worked_on(emulator: Emulator) -> None:
    # GIVEN two uploads awaiting their files (TTL set) and a garbage message in one batch
    repository = DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))
    ids = ["01JD2W3X4Y5Z6A7B8C9D0ARR01", "01JD2W3X4Y5Z6A7B8C9D0ARR02"]
    for media_id in ids:
        repository.create(media_item(owner=OWNER, id=media_id, expires_at=media_item().created_at))
    bucket = emulator.resources.uploads_bucket
    bodies = [_s3_event(bucket, media_id) for media_id in ids] + ["not an event"]
    records = [{"messageId": str(n), "body": body} for n, body in enumerate(bodies)]

    # WHEN the batch is prepared THEN both keep their status and lose their TTL
    batches.note_arrivals(records, repository, uploads_bucket=bucket, now=media_item().created_at)
    for media_id in ids:
        item = repository.get(OWNER, media_id)
        assert item is not None and (item.status.value, item.expires_at) == ("AWAITING_UPLOAD", None)


def _s3_event(bucket: str, media_id: str) -> str:
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": bucket}, "object": {"key": keys.original_key(OWNER, media_id)}},
    }
    return json.dumps({"Records": [record]})
