"""The dead-letter sweep against the emulator: it reads the DLQ in place and marks stranded items
FAILED, through the sweep Lambda's own handler."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.sqs_queue import SqsDeadLetters
from app.domain import keys
from app.domain.errors import ErrorCode
from app.domain.models import MediaStatus
from app.local.worker import LocalContext
from processors import sweeper
from tests.factories import media_item
from tests.integration.conftest import Emulator

OWNER = "owner-sweep"
CONTEXT: Any = LocalContext()  # the parts of a LambdaContext the handler reads


def visible(emulator: Emulator, url: str) -> int:
    attributes = emulator.aws("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])


def test_peeking_reads_every_dead_letter_once_and_leaves_them_all_visible(emulator: Emulator) -> None:
    sqs = emulator.aws("sqs")
    url = sqs.create_queue(QueueName="peek-dlq")["QueueUrl"]
    for n in range(23):  # more than one receive's worth
        sqs.send_message(QueueUrl=url, MessageBody=f"letter-{n}")
    letters = SqsDeadLetters(url, sqs)

    assert sorted(letters.peek(limit=100)) == sorted(f"letter-{n}" for n in range(23))
    assert visible(emulator, url) == 23  # nothing taken, nothing hidden: redrive and the alarm see all
    assert len(letters.peek(limit=5)) == 5
    assert visible(emulator, url) == 23


def test_the_sweep_handler_fails_an_item_a_dead_worker_left_processing(emulator: Emulator) -> None:
    # GIVEN an item whose worker died mid-item (its lease ran out) and whose job is in the DLQ
    repository = DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))
    media_id = "01JD2W3X4Y5Z6A7B8C9D0SWEEP"
    repository.create(media_item(owner=OWNER, id=media_id))
    past = datetime.now(UTC) - timedelta(minutes=5)
    assert repository.claim(OWNER, media_id, now=past, lease_until=past + timedelta(seconds=60))
    record = {
        "eventSource": "aws:s3",
        "eventName": "ObjectCreated:Post",
        "s3": {
            "bucket": {"name": emulator.resources.uploads_bucket},
            "object": {"key": keys.original_key(OWNER, media_id)},
        },
    }
    dlq = emulator.resources.dlq_url
    emulator.aws("sqs").send_message(QueueUrl=dlq, MessageBody=json.dumps({"Records": [record]}))

    # WHEN the schedule invokes the sweep
    report = sweeper.handler({"source": "aws.events"}, CONTEXT)

    # THEN the item is FAILED RETRIES_EXHAUSTED, and its message is still in the DLQ for a redrive
    assert report["failed"] == 1
    item = repository.get(OWNER, media_id)
    assert item is not None and item.status is MediaStatus.FAILED
    assert item.error is not None and item.error.code is ErrorCode.RETRIES_EXHAUSTED
    assert visible(emulator, dlq) >= 1
    assert sweeper.handler({}, CONTEXT)["failed"] == 0  # a second sweep changes nothing
