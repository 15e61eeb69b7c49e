"""The local event source mapping honours batchItemFailures exactly as Lambda's does."""

from __future__ import annotations

from typing import Any

from app.local.worker import LAMBDA_TIMEOUT_S, LocalContext, Worker, lambda_record

QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:jobs"


class FakeSqs:
    def __init__(self, messages: list[dict[str, Any]]) -> None:
        self.messages = messages
        self.deleted: list[str] = []

    def get_queue_attributes(self, **_: Any) -> dict[str, Any]:
        return {"Attributes": {"QueueArn": QUEUE_ARN}}

    def receive_message(self, **_: Any) -> dict[str, Any]:
        messages, self.messages = self.messages, []
        return {"Messages": messages}

    def delete_message_batch(self, *, QueueUrl: str, Entries: list[dict[str, str]]) -> None:  # noqa: N803
        self.deleted.extend(entry["ReceiptHandle"] for entry in Entries)


def message(n: int) -> dict[str, Any]:
    return {
        "MessageId": f"m{n}",
        "ReceiptHandle": f"r{n}",
        "Body": f'{{"n": {n}}}',
        "MD5OfBody": "x",
        "Attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1"},
    }


def test_records_have_the_lambda_sqs_shape() -> None:
    record = lambda_record(message(1), QUEUE_ARN, "us-east-1")
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == QUEUE_ARN
    assert record["messageId"] == "m1"
    assert record["receiptHandle"] == "r1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"


def test_only_reported_failures_stay_on_the_queue() -> None:
    sqs = FakeSqs([message(n) for n in range(12)])
    seen: list[dict[str, Any]] = []

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event)
        assert context.get_remaining_time_in_millis() > 0
        return {"batchItemFailures": [{"itemIdentifier": "m3"}, {"itemIdentifier": "m7"}]}

    report = Worker(sqs, "url", handler).poll_once()
    assert report is not None and (report.received, report.failed) == (12, 2)
    assert len(seen[0]["Records"]) == 12
    assert sorted(sqs.deleted) == sorted(f"r{n}" for n in range(12) if n not in (3, 7))


def test_a_handler_that_raises_fails_the_whole_batch() -> None:
    sqs = FakeSqs([message(1), message(2)])

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise RuntimeError("crash")

    report = Worker(sqs, "url", handler).poll_once()
    assert report is not None and report.failed == 2
    assert sqs.deleted == []


def test_an_empty_poll_reports_nothing() -> None:
    assert Worker(FakeSqs([]), "url", lambda e, c: {}).poll_once() is None


def test_context_counts_down() -> None:
    assert 0 < LocalContext().get_remaining_time_in_millis() <= LAMBDA_TIMEOUT_S * 1000
