"""The local stand-in for Lambda's SQS event source mapping.

Long-polls the jobs queue, hands each batch to the processor's real handler as a Lambda-shaped SQS
event, and deletes only the messages the handler did not report in `batchItemFailures`. The others
reappear after their visibility timeout and, after maxReceiveCount receives, move to the DLQ, as in
AWS. A handler that raises fails the whole batch, as a Lambda error would.

Runs as its own process (`python -m app.local.worker [--queue isolation]`), so it can crash without
taking the API down; app/local/supervisor.py restarts it, and kills it past the function's memory
size or timeout, as Lambda would. One worker per queue plays each event source mapping: the jobs
queue's in batches of 10, the isolation queue's one record at a time (processors/batches.py), the
webhook queue's in batches of 10 for the webhook sender (app/webhook_handler.py). The jobs queues'
handler is the one `_HANDLER` names, as Lambda's runtime reads it (the processor's by default).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
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

from app.adapters.sqs_queue import queue_arn
from app.domain.limits import PROCESSOR_MEMORY_MB

logger = logging.getLogger("mediapipe.worker")

Handler = Callable[[dict[str, Any], Any], Any]
# The deployed processor's timeout (pulumi/infra/config_sections.py: PROCESSOR_TIMEOUT_S).
LAMBDA_TIMEOUT_S = 900
# The deployed processor's memory size (docs/deployment.md), which the worker plays by default.
LAMBDA_MEMORY_MB = PROCESSOR_MEMORY_MB
# The local stand-ins for the function's configuration (stack.py sets them; the supervisor enforces
# them): its timeout, which Lambda does not tell a function in its environment, and its memory size.
TIMEOUT_VARIABLE = "MEDIAPIPE_LOCAL_TIMEOUT_SECONDS"
MEMORY_VARIABLE = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"
DEFAULT_HANDLER = "processors.handler.handler"


@dataclass(frozen=True, slots=True)
class Mapping:
    """One event source mapping: where its queue's URL is, how many records a batch holds, and the
    function it invokes (None: the processor, or whichever `_HANDLER` names)."""

    url_variable: str
    batch_size: int
    handler: str | None = None


QUEUES = {
    "jobs": Mapping("MEDIAPIPE_JOBS_QUEUE_URL", 10),
    "isolation": Mapping("MEDIAPIPE_ISOLATION_QUEUE_URL", 1),
    "webhooks": Mapping("MEDIAPIPE_WEBHOOK_QUEUE_URL", 10, "app.webhook_handler.handler"),
}


@dataclass
class LocalContext:
    """The parts of a LambdaContext that handlers and Powertools read."""

    function_name: str = "mediapipe-processor-local"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:mediapipe-processor-local"
    memory_limit_in_mb: int = field(
        default_factory=lambda: int(os.environ.get(MEMORY_VARIABLE, str(LAMBDA_MEMORY_MB)))
    )
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/mediapipe-processor-local"
    log_stream_name: str = "local"
    deadline: float = field(default_factory=lambda: time.monotonic() + timeout_s())

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


def timeout_s() -> float:
    return float(os.environ.get(TIMEOUT_VARIABLE, str(LAMBDA_TIMEOUT_S)))


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
        on_invoke: Callable[[bool], None] | None = None,
    ) -> None:
        self._sqs = sqs
        self._on_invoke = on_invoke or (lambda busy: None)
        self._queue_url = queue_url
        self._handler = handler
        self._batch_size = batch_size
        self._wait_seconds = wait_seconds
        self._region = region
        self._queue_arn = queue_arn(sqs, queue_url)

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
        self._on_invoke(True)
        try:
            response = self._handler(event, LocalContext())
        except Exception:
            logger.exception("The processor raised; the whole batch will be redelivered")
            return {record["messageId"] for record in event["Records"]}
        finally:
            self._on_invoke(False)
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
    parser = argparse.ArgumentParser(prog="python -m app.local.worker")
    parser.add_argument("--queue", choices=sorted(QUEUES), default="jobs", help="the queue to poll")
    queue = parser.parse_args().queue
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s worker  %(message)s", datefmt="%H:%M:%S")
    logger.setLevel(logging.INFO)
    from app.adapters.aws import sqs_client

    mapping = QUEUES[queue]
    if mapping.handler is None:
        from processors.imaging import render  # noqa: F401  # warm up now, as a Lambda's init phase would
    handler = load_handler(mapping.handler or os.environ.get("_HANDLER", DEFAULT_HANDLER))
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    parent = os.getppid()
    threading.Thread(target=_stop_when_orphaned, args=(parent, stop), daemon=True).start()
    worker = Worker(
        sqs_client(),
        os.environ[mapping.url_variable],
        handler,
        batch_size=mapping.batch_size,
        on_invoke=_supervisor_pipe(),
    )
    worker.run(stop)
    sys.exit(0)


def load_handler(name: str) -> Handler:
    """`module.function`, as Lambda's runtime reads its handler setting."""
    module, _, function = name.rpartition(".")
    handler: Handler = getattr(importlib.import_module(module), function)
    return handler


def _supervisor_pipe() -> Callable[[bool], None] | None:
    """Tells the supervisor (if one started us) when an invocation starts and ends, so it can end one
    that runs past the function timeout."""
    from app.local.supervisor import INVOKE_ENDED, INVOKE_STARTED, SUPERVISOR_FD

    if SUPERVISOR_FD not in os.environ:
        return None
    fd = int(os.environ[SUPERVISOR_FD])

    def tell(busy: bool) -> None:
        with contextlib.suppress(OSError):  # the supervisor is gone; the orphan check stops us
            os.write(fd, INVOKE_STARTED if busy else INVOKE_ENDED)

    return tell


def _stop_when_orphaned(parent: int, stop: threading.Event) -> None:
    """If the stack's process dies without stopping us, stop too rather than poll a dead emulator."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            stop.set()


if __name__ == "__main__":
    main()
