"""The local stand-in for Lambda's SQS event source mapping.

Long-polls the jobs queue, hands each batch to the processor's real handler as a Lambda-shaped SQS
event, and deletes only the messages the handler did not report in `batchItemFailures`. The others
reappear after their visibility timeout and, after maxReceiveCount receives, move to the DLQ, as in
AWS. A handler that raises fails the whole batch, as a Lambda error would.

Runs as its own process (`python -m app.local.worker`), so it can crash without taking the API down.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("mediapipe.worker")

Handler = Callable[[dict[str, Any], Any], Any]
LAMBDA_TIMEOUT_S = 300


@dataclass
class LocalContext:
    """The parts of a LambdaContext that handlers and Powertools read."""

    function_name: str = "mediapipe-processor-local"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:mediapipe-processor-local"
    memory_limit_in_mb: int = 1024
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/mediapipe-processor-local"
    log_stream_name: str = "local"
    deadline: float = field(default_factory=lambda: time.monotonic() + LAMBDA_TIMEOUT_S)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """An SQS message as the event source mapping presents it to Lambda."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": message.get("MessageAttributes", {}),
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


@dataclass(frozen=True, slots=True)
class BatchReport:
    received: int
    failed: int
    seconds: float


class Worker:
    def __init__(
        self,
        sqs: Any,
        queue_url: str,
        handler: Handler,
        *,
        batch_size: int = 10,
        wait_seconds: int = 2,
        region: str = "us-east-1",
    ) -> None:
        self._sqs = sqs
        self._queue_url = queue_url
        self._handler = handler
        self._batch_size = batch_size
        self._wait_seconds = wait_seconds
        self._region = region
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]
        self._queue_arn: str = attributes["QueueArn"]

    def poll_once(self) -> BatchReport | None:
        messages = self._sqs.receive_message(
            QueueUrl=self._queue_url,
            MaxNumberOfMessages=self._batch_size,
            WaitTimeSeconds=self._wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            return None
        started = time.monotonic()
        event = {"Records": [lambda_record(m, self._queue_arn, self._region) for m in messages]}
        failed = self._invoke(event)
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            self._sqs.delete_message_batch(
                QueueUrl=self._queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                    for i, m in enumerate(done[start : start + 10])
                ],
            )
        return BatchReport(received=len(messages), failed=len(failed), seconds=time.monotonic() - started)

    def _invoke(self, event: dict[str, Any]) -> set[str]:
        """Message ids to leave on the queue: those reported as failures, or all if the handler raised."""
        try:
            response = self._handler(event, LocalContext())
        except Exception:
            logger.exception("The processor raised; the whole batch will be redelivered")
            return {record["messageId"] for record in event["Records"]}
        return {failure["itemIdentifier"] for failure in (response or {}).get("batchItemFailures", [])}

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                report = self.poll_once()
            except Exception:
                if stop.is_set():
                    break
                logger.exception("Polling the jobs queue failed; retrying shortly")
                stop.wait(1.0)
                continue
            if report is not None:
                logger.info(
                    "batch of %d processed in %.2fs, %d to be redelivered",
                    report.received,
                    report.seconds,
                    report.failed,
                )


def main() -> None:
    """Entry point of the worker process; configuration comes from the environment, as in Lambda."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker  %(message)s", datefmt="%H:%M:%S")
    logger.setLevel(logging.INFO)
    from app.adapters.aws import sqs_client
    from processors.handler import handler
    from processors.imaging import render  # noqa: F401  # warm up now, as a Lambda's init phase would

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    parent = os.getppid()
    threading.Thread(target=_stop_when_orphaned, args=(parent, stop), daemon=True).start()
    Worker(sqs_client(), os.environ["MEDIAPIPE_JOBS_QUEUE_URL"], handler).run(stop)
    sys.exit(0)


def _stop_when_orphaned(parent: int, stop: threading.Event) -> None:
    """If the stack's process dies without stopping us, stop too rather than poll a dead emulator."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            stop.set()


if __name__ == "__main__":
    main()
