"""What a batch goes through before any of its records is worked on, so that a processor dying
mid-batch (out of memory, past its timeout, killed) costs its neighbours nothing.

Such a death returns every record of the batch to the queue, each with one more receive, though
only one of them killed it:

- **arrivals**: every upload in the batch has its TTL cleared first (the claim would clear it too,
  but only for the records it reaches), so DynamoDB never deletes an item whose file exists;
- **isolation**: in a batch of several, a record received more than once is not processed there but
  sent on to the isolation queue, whose event source mapping hands it over alone (batch size 1, the
  same DLQ and maxReceiveCount): it spends only its own receives, and its neighbours go on. A record
  alone in its batch is processed in place. If sending fails, records are processed in the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from aws_lambda_powertools import Logger

from app.domain.ports import MediaRepository
from processors.messages import UnrecognisedMessage, jobs_from

logger = Logger(child=True)

Record = dict[str, Any]  # an SQS record as Lambda presents it


class Forwarder(Protocol):
    def forward(self, messages: Sequence[tuple[str, str, str]]) -> set[str]:
        """(message id, body, receipt handle) of each message -> the ids of those moved away."""


def note_arrivals(
    records: Sequence[Record], repository: MediaRepository, *, uploads_bucket: str, now: datetime
) -> None:
    """Best effort: a record that cannot be read, or marked, fails later on its own."""
    for record in records:
        try:
            for job in jobs_from(record["body"], uploads_bucket=uploads_bucket):
                if job.reason == "upload":
                    repository.mark_uploaded(job.owner, job.media_id, now=now)
        except UnrecognisedMessage:
            continue
        except Exception as error:
            logger.warning("Could not mark an upload as arrived", extra={"error": repr(error)})


def isolate(records: Sequence[Record], forwarder: Forwarder | None, *, source_queue_url: str) -> list[Record]:
    """The records to process in this batch: those sent on to be processed alone are left out."""
    chosen = to_isolate(records, source_queue_url=source_queue_url) if forwarder is not None else []
    if forwarder is None or not chosen:
        return list(records)
    try:
        moved = forwarder.forward([(r["messageId"], r["body"], r["receiptHandle"]) for r in chosen])
    except Exception:
        logger.exception("Could not isolate re-received records; processing them in the batch")
        return list(records)
    logger.info("Re-received records sent on to be processed alone", extra={"isolated": len(moved)})
    return [r for r in records if r["messageId"] not in moved]


def to_isolate(records: Sequence[Record], *, source_queue_url: str) -> list[Record]:
    """Received more than once, in a batch of several, from the source queue (the isolation queue's
    own records come alone)."""
    if len(records) < 2:
        return []
    source = source_queue_url.rstrip("/").rsplit("/", 1)[-1]  # a queue's name ends its URL and its ARN
    return [
        record
        for record in records
        if int(record.get("attributes", {}).get("ApproximateReceiveCount", "1")) > 1
        and str(record.get("eventSourceARN", "")).rsplit(":", 1)[-1] == source
    ]
