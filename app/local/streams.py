"""The DynamoDB Streams -> Lambda event source mapping, as the embedded stack plays it: a thread
reads the media table's stream from moto and invokes the notifier with Lambda-shaped stream events,
as app/local/worker.py does with SQS messages for the processor.

What the deployed mapping does on a failure is done here too: a batch answered with
`batchItemFailures` is retried from the first failed record (the ones before it are done), a
bounded number of times; then the records are dropped and logged, where AWS sends them to the
on-failure destination.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)

Function = Callable[[dict[str, Any], Any], dict[str, Any]]
BATCH_SIZE = 100
POLL_EVERY_S = 0.1  # moto answers at once; this bounds an idle stack's polling
MAX_RETRIES = 3


class StreamPoller:
    def __init__(self, dynamodb: Any, streams: Any, table_name: str, function: Function) -> None:
        self._dynamodb = dynamodb
        self._streams = streams
        self._table = table_name
        self._function = function
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> StreamPoller:
        arn = self._dynamodb.describe_table(TableName=self._table)["Table"]["LatestStreamArn"]
        # From now on, as a new mapping starting at LATEST reads.
        iterators = {
            shard["ShardId"]: self._streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST"
            )["ShardIterator"]
            for shard in self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        }
        self._thread = threading.Thread(
            target=self._run, args=(arn, iterators), name="stream-poller", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self, arn: str, iterators: dict[str, str]) -> None:
        while not self._stop.is_set():
            for shard, iterator in list(iterators.items()):
                try:
                    answer = self._streams.get_records(ShardIterator=iterator, Limit=BATCH_SIZE)
                except Exception:
                    logger.exception("Could not read the stream's shard %s", shard)
                    continue
                iterators[shard] = answer.get("NextShardIterator") or iterator
                records = [lambda_record(record, arn) for record in answer.get("Records", [])]
                if records:
                    self._deliver(records)
            self._stop.wait(POLL_EVERY_S)

    def _deliver(self, records: list[dict[str, Any]]) -> None:
        for _ in range(1 + MAX_RETRIES):
            try:
                answer = self._function({"Records": records}, None)
            except Exception:
                logger.exception("The notifier failed on a batch of %d records", len(records))
                continue
            failed = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
            if not failed:
                return
            first = next(i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] in failed)
            records = records[first:]
        logger.error(
            "Dropped %d stream records after %d retries (in AWS: the on-failure destination)",
            len(records),
            MAX_RETRIES,
        )


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A stream record as Lambda hands it over: with its stream's ARN, the time in epoch seconds."""
    change = dict(record["dynamodb"])
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": change, "eventSourceARN": stream_arn}
