"""The queues: the API puts retries on the jobs queue (S3 puts upload events on it by itself); the
processor moves re-received records to the isolation queue; the dead-letter sweep reads the DLQ; the
notifier puts webhook deliveries on the webhook queue, whose sender hides a failed one until its retry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.adapters.aws import sqs_client
from app.domain.errors import ServiceUnavailable
from app.domain.jobs import Job, encode_job
from app.domain.webhook_messages import DeliveryMessage, encode_delivery

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


class SqsWebhookQueue:
    """The webhook queue. Without a URL (a stack deployed before webhooks) nothing can be queued:
    creating and listing webhooks still works, a delivery is refused as unavailable."""

    def __init__(self, queue_url: str | None, client: SQSClient | None = None) -> None:
        self._queue_url = queue_url
        self._client = client

    @property
    def _sqs(self) -> SQSClient:
        if self._client is None:
            self._client = sqs_client()
        return self._client

    def _url(self) -> str:
        if self._queue_url is None:
            raise ServiceUnavailable("Webhook deliveries are not set up on this stack (no webhook queue).")
        return self._queue_url

    def enqueue(self, owner: str, delivery_id: str) -> None:
        body = encode_delivery(DeliveryMessage(owner=owner, delivery_id=delivery_id))
        self._sqs.send_message(QueueUrl=self._url(), MessageBody=body)

    def postpone(self, receipt_handle: str, seconds: int) -> None:
        """Hide a received message for `seconds` (at most 12 h) from now: its next receive is the
        retry. A record the handler then reports as failed stays hidden that long, in AWS (the event
        source mapping leaves it alone) as locally (app/local/worker.py)."""
        self._sqs.change_message_visibility(
            QueueUrl=self._url(), ReceiptHandle=receipt_handle, VisibilityTimeout=seconds
        )


class SqsForwarder:
    """Moves received messages from one queue to another: a copy is sent, then the original is
    deleted (a crash in between only duplicates a message, which conditional claims make harmless).
    Deleting at once, rather than when the batch ends, keeps a later crash of the same batch from
    returning, and so forwarding again, what already moved."""

    def __init__(self, source_url: str, target_url: str, client: SQSClient | None = None) -> None:
        self._source_url = source_url
        self._target_url = target_url
        self._client = client

    def forward(self, messages: Sequence[tuple[str, str, str]]) -> set[str]:
        """(message id, body, receipt handle) of each message -> the ids of those that moved."""
        if self._client is None:
            self._client = sqs_client()
        moved: set[str] = set()
        for start in range(0, len(messages), 10):
            chunk = messages[start : start + 10]
            sent = self._client.send_message_batch(
                QueueUrl=self._target_url,
                Entries=[{"Id": str(n), "MessageBody": body} for n, (_, body, _) in enumerate(chunk)],
            )
            done = sorted(int(entry["Id"]) for entry in sent.get("Successful", []))
            if done:
                self._client.delete_message_batch(
                    QueueUrl=self._source_url,
                    Entries=[{"Id": str(n), "ReceiptHandle": chunk[n][2]} for n in done],
                )
            moved.update(chunk[n][0] for n in done)
        return moved


# How long a peeked dead letter stays hidden if the sweep dies before showing it again.
PEEK_VISIBILITY_S = 30


class SqsDeadLetters:
    """The dead-letter queue, read without deleting: receiving hides each message (so one sweep
    reads each once), and at the end every message read is made visible again at once. So
    `mediapipe redrive`, SQS's message move tasks and the DLQ alarm find the queue as it was."""

    def __init__(self, queue_url: str, client: SQSClient | None = None) -> None:
        self._queue_url = queue_url
        self._client = client

    @property
    def _sqs(self) -> SQSClient:
        if self._client is None:
            self._client = sqs_client()
        return self._client

    def peek(self, *, limit: int) -> list[str]:
        bodies: list[str] = []
        handles: list[str] = []
        try:
            while len(bodies) < limit:
                # A short long-poll asks every SQS server, so an empty answer means "nothing left".
                messages = self._sqs.receive_message(
                    QueueUrl=self._queue_url,
                    MaxNumberOfMessages=min(10, limit - len(bodies)),
                    WaitTimeSeconds=1,
                    VisibilityTimeout=PEEK_VISIBILITY_S,
                ).get("Messages", [])
                if not messages:
                    break
                bodies.extend(m["Body"] for m in messages)
                handles.extend(m["ReceiptHandle"] for m in messages)
        finally:
            self._show(handles)
        return bodies

    def _show(self, handles: list[str]) -> None:
        for start in range(0, len(handles), 10):
            self._sqs.change_message_visibility_batch(
                QueueUrl=self._queue_url,
                Entries=[
                    {"Id": str(n), "ReceiptHandle": handle, "VisibilityTimeout": 0}
                    for n, handle in enumerate(handles[start : start + 10])
                ],
            )


def redrive(sqs: SQSClient, dlq_url: str, queue_url: str, *, limit: int | None = None) -> list[str]:
    """Move messages from the dead-letter queue back to the jobs queue, one batch at a time:
    receive, send, then delete. A crash in between can only duplicate a message, which the
    processor's conditional claims make harmless. Returns the bodies that moved (for the audit log).

    AWS's StartMessageMoveTask does the same server-side (see `start_move_task`); this loop also
    works where that API is missing, as on the embedded emulator.
    """
    moved: list[str] = []
    while limit is None or len(moved) < limit:
        batch = min(10, limit - len(moved)) if limit is not None else 10
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
        moved.extend(messages[n]["Body"] for n in sorted(done))
        if len(done) < len(messages):
            break  # the rest stay in the DLQ, visible again after their timeout
    return moved


def start_move_task(sqs: SQSClient, dlq_url: str) -> str:
    """AWS only: let SQS move every DLQ message back to its source queue. Returns the task handle."""
    return sqs.start_message_move_task(SourceArn=queue_arn(sqs, dlq_url))["TaskHandle"]


def queue_arn(sqs: SQSClient, queue_url: str) -> str:
    """A queue's ARN, which redrive policies, S3 notifications and event sources name it by."""
    return sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
