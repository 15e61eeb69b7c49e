"""The webhook sender Lambda's composition root: SQS batches of delivery messages in, partial
failures out.

Each record is one attempt of one delivery (app/domain/webhook_sender.py); the message's receive
count is the attempt's number. A failed attempt is retried by the queue itself: the record's message
is hidden for the backoff (ChangeMessageVisibility, up to SQS's 12 h) and reported in
`batchItemFailures`, so the event source mapping leaves it on the queue and it comes back when the
wait is over. Re-sending a copy with DelaySeconds would cap each wait at 15 minutes and restart SQS's
receive count, so the redrive policy could no longer move the last failure to the DLQ; hiding the one
message keeps both. After the last attempt the message is made visible at once and reported failed:
its next receive passes the queue's maxReceiveCount (= RetryPolicy.max_attempts) and SQS moves it to
the DLQ.

Cheap to import: Powertools' logger and batch processor, nothing that reaches AWS; the store, queue and
HTTP client are built on the first record and reused while the container stays warm.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from app.adapters.dynamodb_webhooks import DynamoWebhookStore
from app.adapters.sqs_queue import SqsWebhookQueue
from app.adapters.webhook_http import WebhookHttp
from app.adapters.webhook_signing import StandardWebhooksSigner
from app.domain.webhook_messages import decode_delivery
from app.domain.webhook_retry import RetryPolicy
from app.domain.webhook_sender import Verdict, WebhookSender
from app.domain.webhook_targets import TargetPolicy
from app.settings import Settings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)

Handler = Callable[[dict[str, Any], Any], "PartialItemFailureResponse"]


class AttemptFailed(Exception):
    """The record's attempt failed: reported in batchItemFailures, so its message stays queued."""


def build_sender(settings: Settings, retry: RetryPolicy | None = None) -> WebhookSender:
    targets = TargetPolicy(allow_loopback=settings.webhook_allow_loopback)
    return WebhookSender(
        DynamoWebhookStore(settings.table_name),
        WebhookHttp(targets),
        StandardWebhooksSigner(),
        clock=lambda: datetime.now(UTC),
        targets=targets,
        retry=retry,
    )


def build_handler(sender: WebhookSender, queue: SqsWebhookQueue) -> Handler:
    """The handler around a sender and its queue (tests give theirs a short retry policy)."""

    def record_handler(record: SQSRecord) -> None:
        message = decode_delivery(record.body)
        if message is None:
            logger.warning(
                "Not a webhook delivery message; dropping it", extra={"message_id": record.message_id}
            )
            return
        number = int(record.attributes.approximate_receive_count)
        logger.append_keys(delivery_id=message.delivery_id, attempt=number)
        try:
            attempt = sender.attempt(message.owner, message.delivery_id, number=number)
            if attempt.verdict is Verdict.RETRY:
                assert attempt.retry_after is not None
                queue.postpone(record.receipt_handle, int(attempt.retry_after.total_seconds()))
                raise AttemptFailed(f"attempt {number} failed; next in {attempt.retry_after}")
            if attempt.verdict is Verdict.GAVE_UP:
                queue.postpone(record.receipt_handle, 0)  # its next receive moves it to the DLQ
                raise AttemptFailed(f"attempt {number} was the last; the delivery failed")
        finally:
            logger.remove_keys(["delivery_id", "attempt"])

    def handle(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )

    return handle


@cache
def _handler() -> Handler:
    settings = Settings.from_env()
    return build_handler(build_sender(settings), SqsWebhookQueue(settings.webhook_queue_url))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    return _handler()(event, context)
