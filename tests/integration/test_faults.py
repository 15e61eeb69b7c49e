"""Fault injection with real processes: workers killed mid-batch, killed by the supervisor at the
function's memory size or timeout, events delivered three times, S3 and DynamoDB failing for a
while, and a poison message. Nothing is lost or left stuck."""

from __future__ import annotations

import itertools
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.sqs_queue import SqsDeadLetters
from app.domain import keys
from app.domain.errors import ErrorCode
from app.domain.models import MediaItem, MediaStatus
from app.local.emulator import Resources, create_resources
from app.local.stack import DEPLOYED_PROCESSOR, stack_environment
from app.local.supervisor import FunctionLimits, Supervisor, WorkerSpec
from processors.dead_letters import DeadLetterSweep
from tests import media_factory as images
from tests.conftest import REPO
from tests.integration.conftest import Emulator, eventually, seed_upload
from tests.integration.fault_proxy import DYNAMODB_THROTTLED, S3_SLOW_DOWN, FaultProxy, dynamodb, s3

OWNER = "faults"
NEIGHBOUR = "faults-neighbour"  # another person, whose upload shares a batch
# Media work that grows without bound, or never returns, on marked inputs (the real thing otherwise).
MISBEHAVING = "tests.integration.misbehaving_handler.handler"
HOG, HANG = b"MEDIAPIPE-TEST-HOG", b"MEDIAPIPE-TEST-HANG"
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
    supervisors: list[Supervisor] = field(default_factory=list)
    owners: dict[str, str] = field(default_factory=dict)  # media id -> its owner

    def aws(self, service: str) -> Any:
        return self.emulator.aws(service)

    @property
    def repository(self) -> DynamoMediaRepository:
        return DynamoMediaRepository(self.resources.table_name, self.aws("dynamodb"))

    def environment(self, limits: FunctionLimits = DEPLOYED_PROCESSOR) -> dict[str, str]:
        env = {
            **os.environ,
            **stack_environment(self.resources, "http://cdn.test", self.lease, self.max_receives, limits),
        }
        if self.proxy is not None:
            # Through the proxy as an HTTP proxy: requests keep the emulator's Host, which they are
            # signed for and which the emulator checks.
            env.update(HTTP_PROXY=self.proxy.url, http_proxy=self.proxy.url, NO_PROXY="", no_proxy="")
        return env

    def start_worker(self, queue: str = "jobs") -> subprocess.Popen[bytes]:
        """A worker polling `queue`, unsupervised (each queue has its own event source mapping in
        AWS: a test whose records come back in a batch of several needs the isolation queue's too)."""
        log = (self.workdir / f"worker-{len(self.workers)}.log").open("wb")
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.local.worker", "--queue", queue],
            cwd=REPO,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def supervise(
        self, *, limits: FunctionLimits = DEPLOYED_PROCESSOR, handler: str | None = None
    ) -> Supervisor:
        """Workers for both queues under the stack's supervisor, and the dead-letter sweep every second."""
        env = self.environment(limits) | ({"_HANDLER": handler} if handler else {})
        sweep = DeadLetterSweep(
            SqsDeadLetters(self.resources.dlq_url, self.aws("sqs")),
            self.repository,
            uploads_bucket=self.resources.uploads_bucket,
            clock=lambda: datetime.now(UTC),
        )
        supervisor = Supervisor(
            [WorkerSpec("jobs-1"), WorkerSpec("isolation", ("--queue", "isolation"))],
            env=env,
            limits=limits,
            cwd=REPO,
            output=lambda spec: (self.workdir / f"{spec.name}.log").open("ab"),
            sweep=sweep.run,
            sweep_every_s=1.0,
        )
        self.supervisors.append(supervisor.start())
        return supervisor

    def upload(self, data: bytes, media_id: str | None = None, owner: str = OWNER) -> str:
        media_id = media_id or new_id()
        self.owners[media_id] = owner
        seed_upload(self.aws, self.resources.table_name, self.resources.uploads_bucket, owner, media_id, data)
        return media_id

    def item(self, media_id: str) -> MediaItem:
        found = self.repository.get(self.owners.get(media_id, OWNER), media_id)
        assert found is not None
        return found

    def statuses(self, ids: list[str]) -> list[MediaStatus]:
        return [self.item(i).status for i in ids]

    def statuses_in_table(self) -> set[MediaStatus]:
        """Every item's status in the lab's table, whoever owns it."""
        scanned = self.aws("dynamodb").scan(
            TableName=self.resources.table_name,
            FilterExpression="begins_with(sk, :m)",
            ExpressionAttributeValues={":m": {"S": "MEDIA#"}},
        )
        return {MediaStatus(record["status"]["S"]) for record in scanned["Items"]}

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
        for supervisor in lab.supervisors:
            supervisor.stop()
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
    lab.start_worker("isolation")
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
    lab.start_worker("isolation")
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
    lab.start_worker("isolation")

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
                "tableName": lab.resources.table_name,  # for the redrive's audit entries
                "uploadsBucket": lab.resources.uploads_bucket,
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
    assert "recorded 1 item(s)" in redriven.stderr  # the poisoned item's; the garbage names none
    eventually(lambda: lab.item(poisoned).status is MediaStatus.READY, timeout=60)
    assert lab.item(poisoned).attempt == failed.attempt + 1, lab.item(poisoned)
    # The garbage message is still garbage: it fails again and returns to the DLQ for a human.
    eventually(lambda: lab.queue_depth(lab.resources.dlq_url) == 1, timeout=60)


def test_a_worker_killed_at_the_memory_limit_leaves_nothing_stranded(
    lab_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN an upload whose media work grows without bound and, in the same batch behind it, an
    # ordinary upload of another person
    caplog.set_level(logging.WARNING, logger="mediapipe.supervisor")
    lab: Lab = lab_factory(lease=2, visibility=4, max_receives=2)
    hog = lab.upload(images.jpeg(64, 64) + HOG)
    neighbour = lab.upload(images.jpeg(64, 64), owner=NEIGHBOUR)
    # WHEN the supervised worker, held to a function of 300 MB, takes the batch
    lab.supervise(limits=FunctionLimits(memory_mb=300, timeout_s=60), handler=MISBEHAVING)

    # THEN the supervisor kills it at the limit, as Lambda would, while the neighbour still waited;
    # its TTL was cleared before the batch was worked on, so DynamoDB cannot drop it meanwhile
    eventually(lambda: "more than the function's 300 MB" in caplog.text, timeout=60, interval=0.05)
    stranded = lab.item(neighbour)
    assert (stranded.status, stranded.expires_at) == (MediaStatus.AWAITING_UPLOAD, None)
    # AND once the hog's message is in the DLQ, no item is left PROCESSING or AWAITING_UPLOAD: the
    # neighbour, processed alone, is READY; the hog is FAILED RETRIES_EXHAUSTED (by the sweep: its
    # worker never got to say so)
    eventually(lambda: lab.queue_depth(lab.resources.dlq_url) == 1, timeout=120)
    eventually(lambda: lab.item(hog).status is MediaStatus.FAILED, timeout=30)
    failed = lab.item(hog)
    assert failed.error is not None and failed.error.code is ErrorCode.RETRIES_EXHAUSTED
    eventually(lambda: lab.item(neighbour).status is MediaStatus.READY, timeout=60)
    assert lab.item(neighbour).variants
    assert lab.statuses_in_table() == {MediaStatus.FAILED, MediaStatus.READY}
    assert caplog.text.count("killing it, as Lambda would") >= 2  # in the batch, then alone


def test_a_worker_past_the_function_timeout_is_killed_and_its_item_ends_failed(
    lab_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="mediapipe.supervisor")
    lab: Lab = lab_factory(lease=2, visibility=4, max_receives=2)
    hung = lab.upload(images.jpeg(64, 64) + HANG)
    lab.supervise(limits=FunctionLimits(memory_mb=1536, timeout_s=3), handler=MISBEHAVING)
    eventually(lambda: lab.queue_depth(lab.resources.dlq_url) == 1, timeout=120)
    eventually(lambda: lab.item(hung).status is MediaStatus.FAILED, timeout=30)
    assert "ran past the function's timeout (3 s): killing it" in caplog.text


def test_a_killed_worker_is_restarted_and_the_work_goes_on(
    lab_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a supervised worker
    caplog.set_level(logging.WARNING, logger="mediapipe.supervisor")
    lab: Lab = lab_factory(lease=2, visibility=4)
    supervisor = lab.supervise()
    eventually(lambda: "jobs-1" in supervisor.pids())
    first = supervisor.pids()["jobs-1"]
    # WHEN something kills it
    os.kill(first, signal.SIGKILL)
    # THEN a new one takes its place, saying so, and uploads are processed again
    eventually(lambda: supervisor.pids().get("jobs-1") not in (None, first), timeout=30)
    assert f"Worker jobs-1 (pid {first}) was killed by SIGKILL; restarting it" in caplog.text
    media_id = lab.upload(images.jpeg(320, 240))
    eventually(lambda: lab.item(media_id).status is MediaStatus.READY, timeout=60)


def test_a_worker_that_cannot_start_is_retried_ever_more_slowly(
    lab_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a function whose handler cannot be imported (a broken deployment)
    caplog.set_level(logging.WARNING, logger="mediapipe.supervisor")
    lab: Lab = lab_factory()
    supervisor = lab.supervise(handler="processors.no_such_module.handler")
    # THEN each death is said, and the restarts back off instead of spinning
    eventually(lambda: supervisor.restarts("jobs-1") >= 3, timeout=90)
    delays = [
        float(line.rsplit(" in ", 1)[1].removesuffix(" s"))
        for line in caplog.messages
        if line.startswith("Worker jobs-1") and "exited with status 1; restarting it in" in line
    ]
    assert delays[:3] == [1.0, 2.0, 4.0]
