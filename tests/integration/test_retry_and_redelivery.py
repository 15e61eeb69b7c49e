"""Retries and at-least-once delivery, through the running stack's queue and worker."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.client.api import MediaPipeClient
from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaStatus, Refused
from tests import media_factory as images
from tests.integration.conftest import Stack, eventually, upload_bytes


def repository(stack: Stack) -> DynamoMediaRepository:
    return DynamoMediaRepository(stack.state["tableName"], stack.aws("dynamodb"))


def owner_of(stack: Stack, media_id: str) -> str:
    listed = stack.aws("s3").list_objects_v2(Bucket=stack.state["uploadsBucket"], Prefix="originals/")
    key = next(o["Key"] for o in listed["Contents"] if o["Key"].endswith(media_id))
    return str(key.split("/")[1])


def queue_is_idle(stack: Stack) -> bool:
    attributes: dict[str, str] = stack.aws("sqs").get_queue_attributes(
        QueueUrl=stack.state["queueUrl"],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        attributes["ApproximateNumberOfMessages"] == "0"
        and attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
    )


def failed_before_processing(
    alice: MediaPipeClient, stack: Stack, filename: str, message: str
) -> tuple[str, str]:
    """An item of Alice's that the system failed (TIMEOUT, as a timeout or an exhausted retry
    would) before its file was processed, the file then uploaded: (its id, its owner). Returns once
    the queue is idle: the late upload event has found the item FAILED and changed nothing. (Retried
    sooner, the event would find it PROCESSING, be left for a redelivery and keep the shared
    stack's queue busy for a visibility timeout.)"""
    data = images.jpeg(300, 300)
    payload = alice.create_upload(filename, "image/jpeg", len(data))
    media_id = payload["media"]["id"]
    owner = payload["upload"]["fields"]["key"].split("/")[1]
    repo, now = repository(stack), datetime.now(UTC)
    claimed = repo.claim(owner, media_id, now=now, lease_until=now)
    assert claimed is not None
    assert repo.complete(claimed, Refused(MediaStatus.FAILED, ItemError(ErrorCode.TIMEOUT, message)), now=now)
    upload = payload["upload"]
    assert (
        httpx.post(upload["url"], data=upload["fields"], files={"file": ("f.jpg", data)}).status_code == 204
    )
    eventually(lambda: queue_is_idle(stack))
    return media_id, owner


def test_the_same_s3_event_delivered_twice_more_changes_nothing(alice: MediaPipeClient, stack: Stack) -> None:
    media = upload_bytes(alice, images.jpeg(500, 400), "twice.jpg", "image/jpeg")
    done = alice.wait(media["id"])
    assert done["status"] == "READY"
    owner = owner_of(stack, media["id"])
    event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Post",
                "s3": {
                    "bucket": {"name": stack.state["uploadsBucket"]},
                    "object": {"key": f"originals/{owner}/{media['id']}", "size": 1, "eTag": "x"},
                },
            }
        ]
    }
    for _ in range(2):
        stack.aws("sqs").send_message(QueueUrl=stack.state["queueUrl"], MessageBody=json.dumps(event))
    eventually(lambda: queue_is_idle(stack))

    after = alice.media(media["id"])
    assert after == done
    stored = repository(stack).get(owner, media["id"])
    assert stored is not None and stored.attempt == 1


def test_retry_processing_moves_a_failed_item_back_through_processing_to_ready(
    alice: MediaPipeClient, stack: Stack
) -> None:
    media_id, _ = failed_before_processing(alice, stack, "flaky.jpg", "took too long")
    failed = alice.media(media_id)
    assert failed is not None and failed["status"] == "FAILED"  # the late upload event changed nothing
    assert failed["error"] == {"code": "TIMEOUT", "message": "took too long"}

    retried = alice.retry(media_id)
    assert retried["status"] == "PROCESSING"
    assert retried["error"] is None
    done = alice.wait(media_id)
    assert done["status"] == "READY"
    assert done["variants"]
