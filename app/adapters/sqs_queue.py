"""The jobs queue: the API puts retries on it; S3 puts upload events on it by itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.adapters.aws import sqs_client
from app.domain.jobs import Job, encode_job

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient


class SqsJobQueue:
    def __init__(self, queue_url: str, client: SQSClient | None = None) -> None:
        self._queue_url = queue_url
        self._client = client

    def enqueue(self, job: Job) -> None:
        if self._client is None:
            self._client = sqs_client()
        self._client.send_message(QueueUrl=self._queue_url, MessageBody=encode_job(job))


def redrive(sqs: SQSClient, dlq_url: str, queue_url: str, *, limit: int | None = None) -> int:
    """Move messages from the dead-letter queue back to the jobs queue, one batch at a time:
    receive, send, then delete. A crash in between can only duplicate a message, which the
    processor's conditional claims make harmless. Returns how many moved.

    AWS's StartMessageMoveTask does the same server-side (see `start_move_task`); this loop also
    works where that API is missing, as on the embedded emulator.
    """
    moved = 0
    while limit is None or moved < limit:
        batch = min(10, limit - moved) if limit is not None else 10
        messages = sqs.receive_message(
            QueueUrl=dlq_url, MaxNumberOfMessages=batch, WaitTimeSeconds=0, VisibilityTimeout=60
        ).get("Messages", [])
        if not messages:
            break
        sent = sqs.send_message_batch(
            QueueUrl=queue_url,
            Entries=[{"Id": str(n), "MessageBody": m["Body"]} for n, m in enumerate(messages)],
        )
        done = {int(entry["Id"]) for entry in sent.get("Successful", [])}
        sqs.delete_message_batch(
            QueueUrl=dlq_url,
            Entries=[{"Id": str(n), "ReceiptHandle": messages[n]["ReceiptHandle"]} for n in sorted(done)],
        )
        moved += len(done)
        if len(done) < len(messages):
            break  # the rest stay in the DLQ, visible again after their timeout
    return moved


def start_move_task(sqs: SQSClient, dlq_url: str) -> str:
    """AWS only: let SQS move every DLQ message back to its source queue. Returns the task handle."""
    arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sqs.start_message_move_task(SourceArn=arn)["TaskHandle"]
