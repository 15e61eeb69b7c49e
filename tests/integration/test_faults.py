"""Fault injection with real processes: workers killed mid-batch, events delivered three times,
S3 and DynamoDB failing for a while, and a poison message. Nothing is lost or left stuck."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain import keys
from app.domain.models import MediaItem, MediaStatus
from app.local.emulator import Resources, create_resources
from app.local.stack import stack_environment
from tests import media_factory as images
from tests.conftest import REPO
from tests.integration.conftest import Emulator, eventually, seed_upload
from tests.integration.fault_proxy import DYNAMODB_THROTTLED, S3_SLOW_DOWN, FaultProxy, dynamodb, s3

OWNER = "faults"
_labs = itertools.count(1)
_ids = itertools.count(1)


def new_id() -> str:
    return f"01JF0000000000000000{next(_ids):06d}"


@dataclass
class Lab:
    """A private set of queues, buckets and a table on the session's emulator, with workers."""

    emulator: Emulator
    resources: Resources
    workdir: Path
    lease: int
    max_receives: int
    proxy: FaultProxy | None = None
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def aws(self, service: str) -> Any:
        return self.emulator.aws(service)

    @property
    def repository(self) -> DynamoMediaRepository:
        return DynamoMediaRepository(self.resources.table_name, self.aws("dynamodb"))

    def start_worker(self) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **stack_environment(self.resources, "http://cdn.test", self.lease, self.max_receives),
        }
        if self.proxy is not None:
            # Through the proxy as an HTTP proxy: requests keep the emulator's Host, which they are
            # signed for and which the emulator checks.
            env.update(HTTP_PROXY=self.proxy.url, http_proxy=self.proxy.url, NO_PROXY="", no_proxy="")
        log = (self.workdir / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.local.worker"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def upload(self, data: bytes, media_id: str | None = None) -> str:
        media_id = media_id or new_id()
        seed_upload(self.aws, self.resources.table_name, self.resources.uploads_bucket, OWNER, media_id, data)
        return media_id

    def item(self, media_id: str) -> MediaItem:
        found = self.repository.get(OWNER, media_id)
        assert found is not None
        return found

    def statuses(self, ids: list[str]) -> list[MediaStatus]:
        return [self.item(i).status for i in ids]

    def queue_depth(self, url: str) -> int:
        attributes = self.aws("sqs").get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(
            attributes["ApproximateNumberOfMessagesNotVisible"]
        )

    def s3_event(self, media_id: str) -> str:
        record = {
            "eventSource": "aws:s3",
            "eventName": "ObjectCreated:Post",
            "s3": {
                "bucket": {"name": self.resources.uploads_bucket},
                "object": {"key": keys.original_key(OWNER, media_id), "size": 1, "eTag": "x"},
            },
        }
        return json.dumps({"Records": [record]})


@pytest.fixture
def lab_factory(emulator: Emulator, tmp_path: Path) -> Iterator[Any]:
    labs: list[Lab] = []

    def make(*, lease: int = 2, visibility: int = 4, max_receives: int = 5, faults: bool = False) -> Lab:
        resources = create_resources(
            emulator.resources.endpoint_url,
            credentials=emulator.resources.credentials,
            ui_origins=["http://localhost"],
            visibility_timeout_s=visibility,
            max_receives=max_receives,
            prefix=f"lab{next(_labs)}",
        )
        proxy = FaultProxy(emulator.resources.endpoint_url).start() if faults else None
        lab = Lab(emulator, resources, tmp_path, lease, max_receives, proxy)
        labs.append(lab)
        return lab

    yield make
    for lab in labs:
        for worker in lab.workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)
        if lab.proxy is not None:
            lab.proxy.stop()


def test_a_worker_killed_mid_batch_loses_nothing(lab_factory: Any) -> None:
    lab: Lab = lab_factory(lease=2, visibility=4)
    ids = [lab.upload(images.jpeg(1600, 1200)) for _ in range(8)]
    first = lab.start_worker()
    eventually(lambda: lab.statuses(ids).count(MediaStatus.READY) >= 2, timeout=60, interval=0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    interrupted = lab.statuses(ids)
    assert interrupted.count(MediaStatus.READY) < len(ids), "the kill came too late to test anything"

    lab.start_worker()
    eventually(lambda: all(s is MediaStatus.READY for s in lab.statuses(ids)), timeout=90)
    eventually(lambda: lab.queue_depth(lab.resources.queue_url) == 0, timeout=30)
    assert lab.queue_depth(lab.resources.dlq_url) == 0
    for media_id, before in zip(ids, interrupted, strict=True):
        item = lab.item(media_id)
        assert item.variants
        if before is MediaStatus.PROCESSING:
            assert item.attempt == 2  # reclaimed after the dead worker's lease ran out


def test_every_event_delivered_three_times_gives_one_result(lab_factory: Any) -> None:
    lab: Lab = lab_factory(lease=10, visibility=15)
    ids = [lab.upload(images.jpeg(800, 600)) for _ in range(4)]
    for media_id in ids:  # S3 sent each event once; send each twice more
        for _ in range(2):
            lab.aws("sqs").send_message(QueueUrl=lab.resources.queue_url, MessageBody=lab.s3_event(media_id))
    lab.start_worker()
    lab.start_worker()
    eventually(lambda: all(s is MediaStatus.READY for s in lab.statuses(ids)), timeout=90)
    eventually(lambda: lab.queue_depth(lab.resources.queue_url) == 0, timeout=30)

    outputs = lab.aws("s3").list_objects_v2(Bucket=lab.resources.processed_bucket).get("Contents", [])
    for media_id in ids:
        item = lab.item(media_id)
        assert item.attempt == 1, "processed more than once"
        mine = {o["Key"] for o in outputs if f"/{media_id}/" in o["Key"]}
        assert mine == {v.key for v in item.variants}


@pytest.mark.parametrize(
    ("fault", "response", "times"),
    [
        (lambda lab: s3("PUT", f"/{lab.resources.processed_bucket}/"), S3_SLOW_DOWN, 5),
        (lambda lab: s3("GET", f"/{lab.resources.uploads_bucket}/"), S3_SLOW_DOWN, 5),
        (lambda lab: s3("HEAD", f"/{lab.resources.uploads_bucket}/"), S3_SLOW_DOWN, 5),
        # The claim and the finish are transactions (the item and its owner's usage together).
        (lambda lab: dynamodb("TransactWriteItems"), DYNAMODB_THROTTLED, 5),
        (lambda lab: dynamodb("GetItem"), DYNAMODB_THROTTLED, 5),
    ],
    ids=["s3-put-output", "s3-get-original", "s3-head-original", "dynamodb-transaction", "dynamodb-get"],
)
def test_transient_aws_errors_are_retried_until_the_item_is_ready(
    lab_factory: Any, fault: Any, response: tuple[int, str, bytes], times: int
) -> None:
    """More failures in a row than boto3's own retries (4 attempts) absorb: the record fails, is
    reported in batchItemFailures, and SQS redelivers it."""
    lab: Lab = lab_factory(lease=2, visibility=3, faults=True)
    assert lab.proxy is not None
    injected = lab.proxy.fail(fault(lab), response, times)
    media_id = lab.upload(images.jpeg(640, 480))
    lab.start_worker()
    eventually(lambda: lab.item(media_id).status is MediaStatus.READY, timeout=90)
    assert injected.hits == times  # every injected failure was met, and survived
    assert lab.queue_depth(lab.resources.dlq_url) == 0


def test_a_poison_message_ends_in_the_dlq_its_item_failed_and_redrive_recovers_it(lab_factory: Any) -> None:
    lab: Lab = lab_factory(lease=2, visibility=3, max_receives=2, faults=True)
    assert lab.proxy is not None
    poisoned = new_id()
    lab.proxy.fail(s3("GET", poisoned), S3_SLOW_DOWN, None)  # its original can never be read
    lab.upload(images.jpeg(320, 240), poisoned)
    neighbour = lab.upload(images.jpeg(320, 240))
    lab.aws("sqs").send_message(QueueUrl=lab.resources.queue_url, MessageBody="not an event at all")
    lab.start_worker()

    eventually(lambda: lab.queue_depth(lab.resources.dlq_url) == 2, timeout=90)
    failed = lab.item(poisoned)
    assert failed.status is MediaStatus.FAILED
    assert failed.error is not None and failed.error.code.value == "RETRIES_EXHAUSTED"
    assert lab.item(neighbour).status is MediaStatus.READY  # the rest of the traffic went on

    lab.proxy.clear()  # the outage is over: put the dead letters back
    state = lab.workdir / "state.json"
    state.write_text(
        json.dumps(
            {
                "awsEndpoint": lab.resources.endpoint_url,
                "awsCredentials": lab.resources.credentials.environment(),
                "queueUrl": lab.resources.queue_url,
                "dlqUrl": lab.resources.dlq_url,
            }
        )
    )
    redriven = subprocess.run(
        [sys.executable, "-m", "app.cli", "redrive", "--state-file", str(state)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert redriven.returncode == 0, redriven.stderr
    assert "moved 2 message(s)" in redriven.stderr
    eventually(lambda: lab.item(poisoned).status is MediaStatus.READY, timeout=60)
    assert lab.item(poisoned).attempt == 3, lab.item(poisoned)
    # The garbage message is still garbage: it fails again and returns to the DLQ for a human.
    eventually(lambda: lab.queue_depth(lab.resources.dlq_url) == 1, timeout=60)
