"""The DynamoDB Streams -> Lambda event source mapping, as the embedded stack plays it: a thread
reads the media table's stream from moto and invokes the notifier with Lambda-shaped stream events,
as app/local/worker.py does with SQS messages for the processor.

What the deployed mapping does on a failure is done here too: a batch answered with
`batchItemFailures` is retried from the first failed record (the ones before it are done), a
bounded number of times; then the records are dropped and logged, where AWS sends them to the
on-failure destination.

A read that finds nothing is followed by one from a fresh iterator after the last record handled:
moto rolls a failed transaction back by putting a copy of the whole table in place, stream
included, and the iterators already handed out keep reading the old copy, which never grows
again. Stream reads wait for the emulator's DynamoDB lock (app/local/serial_dynamodb.py), so none
falls between a transaction's writes and their rollback.
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
# Polls come quickly after a change and slow down while the table is quiet: moto keeps every
# iterator it hands out, so an idle stack polling ten times a second would grow without end.
POLL_EVERY_S = (0.05, 0.1, 0.25)
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
        shards = self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
        # From now on, as a new mapping starting at LATEST reads: what is there already is skipped.
        handled = {shard["ShardId"]: self._last_sequence(arn, shard["ShardId"]) for shard in shards}
        self._thread = threading.Thread(
            target=self._run, args=(arn, handled), name="stream-poller", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _last_sequence(self, arn: str, shard: str) -> str | None:
        last = None
        iterator = self._iterator(arn, shard, None)
        while records := (answer := self._streams.get_records(ShardIterator=iterator, Limit=1000))["Records"]:
            last, iterator = records[-1]["dynamodb"]["SequenceNumber"], answer["NextShardIterator"]
        return last

    def _iterator(self, arn: str, shard: str, after: str | None) -> str:
        where: dict[str, str] = (
            {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": after}
            if after is not None
            else {"ShardIteratorType": "TRIM_HORIZON"}
        )
        iterator: str = self._streams.get_shard_iterator(StreamArn=arn, ShardId=shard, **where)[
            "ShardIterator"
        ]
        return iterator

    def _run(self, arn: str, handled: dict[str, str | None]) -> None:
        # While records come, each read follows the last one's NextShardIterator; after a read that
        # found none (the table quiet, or its copy swapped in), the next takes a fresh iterator.
        following: dict[str, str | None] = dict.fromkeys(handled)
        quiet = 0
        while not self._stop.is_set():
            delivered = False
            for shard, after in list(handled.items()):
                try:
                    iterator = following[shard] or self._iterator(arn, shard, after)
                    answer = self._streams.get_records(ShardIterator=iterator, Limit=BATCH_SIZE)
                except Exception:
                    logger.exception("Could not read the stream's shard %s", shard)
                    following[shard] = None
                    continue
                records = [lambda_record(record, arn) for record in answer.get("Records", [])]
                following[shard] = answer.get("NextShardIterator") if records else None
                if records:
                    self._deliver(records)
                    handled[shard] = records[-1]["dynamodb"]["SequenceNumber"]
                    delivered = True
            quiet = 0 if delivered else quiet + 1
            self._stop.wait(POLL_EVERY_S[min(quiet, len(POLL_EVERY_S) - 1)])

    def _deliver(self, records: list[dict[str, Any]]) -> None:
        for _ in range(1 + MAX_RETRIES):
            try:
                answer = self._function({"Records": records}, None)
            except Exception:
                logger.exception("The notifier failed on a batch of %d records", len(records))
                continue
            failed = {f["itemIdentifier"] for f in (answer or {}).get("batchItemFailures", [])}
            first = next(
                (i for i, r in enumerate(records) if r["dynamodb"]["SequenceNumber"] in failed), None
            )
            if first is None:
                return
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
