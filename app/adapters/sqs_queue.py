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
