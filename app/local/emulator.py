"""The embedded AWS: moto's server on loopback, with the same resources the Pulumi program creates.

Everything talks to it over real HTTP through boto3 (`AWS_ENDPOINT_URL`), exactly as in AWS.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3

from app.adapters.realtime_schema import create_realtime_table_arguments
from app.adapters.s3_storage import UNCLAIMED_EXPIRE_DAYS, UNCLAIMED_TAG
from app.adapters.sqs_queue import queue_arn
from app.adapters.table_schema import TTL_ATTRIBUTE, create_table_arguments
from app.domain.keys import ORIGINALS
from app.domain.webhook_retry import RetryPolicy
from app.local.credentials import Credentials
from app.local.delivery import Delivery, create_delivery
from app.settings import Settings

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

    from moto.server import ThreadedMotoServer

REGION = "us-east-1"
# The jobs queue's redrive maxReceiveCount unless MEDIAPIPE_MAX_RECEIVES says otherwise: the
# processor's own default, which must equal it (its last receive marks the item FAILED).
MAX_RECEIVES: int = Settings.model_fields["max_receives"].default
# The webhook queue: a message comes back once per attempt, so its redrive count is the attempts'
# (app/domain/webhook_retry.py); an attempt takes at most its timeouts, well inside the visibility.
WEBHOOK_MAX_RECEIVES = RetryPolicy().max_attempts
WEBHOOK_VISIBILITY_S = 60
# How the emulator process is told to keep nothing, and tells what it started from.
NO_DATA, NEW, RESTORED = "-", "new", "restored"
# Saving writes every S3 object not saved before: generous, for a folder of big videos.
SAVE_TIMEOUT_S = 600


@dataclass(frozen=True, slots=True)
class Resources:
    endpoint_url: str
    credentials: Credentials  # the only ones the emulator accepts
    prefix: str = "mediapipe"
    queue_url: str = ""
    queue_arn: str = ""
    dlq_url: str = ""
    isolation_queue_url: str = ""
    webhook_queue_url: str = ""
    webhook_dlq_url: str = ""
    delivery: Delivery | None = None  # the URL-signing key and the distribution

    @property
    def uploads_bucket(self) -> str:
        return f"{self.prefix}-uploads"

    @property
    def processed_bucket(self) -> str:
        return f"{self.prefix}-processed"

    @property
    def table_name(self) -> str:
        return f"{self.prefix}-media"

    @property
    def realtime_table_name(self) -> str:
        return f"{self.prefix}-realtime"

    @property
    def queue_name(self) -> str:
        return f"{self.prefix}-jobs"

    @property
    def dlq_name(self) -> str:
        return f"{self.prefix}-jobs-dlq"

    @property
    def isolation_queue_name(self) -> str:
        return f"{self.prefix}-jobs-isolation"

    @property
    def webhook_queue_name(self) -> str:
        return f"{self.prefix}-webhooks"

    @property
    def webhook_dlq_name(self) -> str:
        return f"{self.prefix}-webhooks-dlq"


def start_server(
    host: str, credentials: Credentials, origins: Sequence[str]
) -> tuple[ThreadedMotoServer, str]:
    """Start moto on a free port of `host` behind the guard (only `credentials` sign, only
    `origins` get CORS); returns the server and its endpoint URL."""
    from app.local.guard.middleware import EmulatorGuard
    from app.local.guard.server import GuardedMotoServer
    from app.local.hosts import host_headers
    from app.local.serial_dynamodb import SerialDynamoDB

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call is noise here

    def guard(moto: WSGIApplication, port: int) -> WSGIApplication:
        return EmulatorGuard(
            SerialDynamoDB(moto), credentials=credentials, origins=origins, hosts=host_headers(host, port)
        )

    server = GuardedMotoServer(host, guard)
    server.start()
    bound_host, port = server.get_host_and_port()
    return server, f"http://{bound_host}:{port}"


class EmulatorProcess:
    """moto's server in a process of its own, so emulated AWS calls never compete with the API's
    event loop for the GIL. It exits when its parent closes its stdin (or dies). With a `data`
    folder it starts from the snapshot there, if any, and saves one when it stops
    (app/local/snapshot.py); `restored` says whether it found one."""

    def __init__(
        self, host: str, credentials: Credentials, origins: Sequence[str], data: Path | None = None
    ) -> None:
        self._saves = data is not None
        self._process = subprocess.Popen(  # noqa: S603  # our own interpreter and module
            [sys.executable, "-m", "app.local.emulator", host, str(data or NO_DATA), *origins],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # The secret goes through the environment, which only its user can read (argv is public).
            env={**os.environ, **credentials.environment()},
            text=True,
        )
        assert self._process.stdout is not None
        endpoint, _, start = self._process.stdout.readline().strip().partition(" ")
        if not endpoint.startswith("http://"):
            self.stop()
            raise RuntimeError("the AWS emulator did not start")
        self.endpoint_url = endpoint
        self.restored = start == RESTORED

    def stop(self) -> None:
        """Close its stdin, which tells it to stop (and save); wait while it saves."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            with contextlib.suppress(OSError):
                self._process.stdin.close()
            try:
                self._process.wait(timeout=SAVE_TIMEOUT_S if self._saves else 10)
            except subprocess.TimeoutExpired:
                self._process.kill()


def client(service: str, endpoint_url: str, credentials: Credentials) -> Any:
    """A client of the emulator, signing with the stack's credentials (never the user's own), and
    with SigV4 when it presigns, as the app's own S3 client does (app/adapters/aws.py)."""
    from botocore.config import Config

    return boto3.session.Session().client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        config=Config(signature_version="s3v4") if service == "s3" else None,
    )


def create_resources(
    endpoint_url: str,
    *,
    credentials: Credentials,
    ui_origins: list[str],
    visibility_timeout_s: int,
    max_receives: int = MAX_RECEIVES,
    prefix: str = "mediapipe",
) -> Resources:
    """Buckets (CORS for the UI, the rule for unclaimed originals), jobs and isolation queues + their
    DLQ, the webhook queue + its DLQ, the S3 -> SQS notification, the table, the URL-signing key and
    the CDN distribution."""
    names = Resources(endpoint_url=endpoint_url, credentials=credentials, prefix=prefix)
    s3, sqs, dynamodb = (client(name, endpoint_url, credentials) for name in ("s3", "sqs", "dynamodb"))

    for bucket in (names.uploads_bucket, names.processed_bucket):
        s3.create_bucket(Bucket=bucket)
    _allow_uploads_from(s3, names.uploads_bucket, ui_origins)

    # moto keeps lifecycle rules without running them: the rule is here so the configuration is the
    # deployed one; locally the processor's own removal of late originals is what cleans up.
    s3.put_bucket_lifecycle_configuration(
        Bucket=names.uploads_bucket, LifecycleConfiguration={"Rules": [unclaimed_originals_rule()]}
    )

    dlq_url = sqs.create_queue(QueueName=names.dlq_name)["QueueUrl"]
    # The isolation queue works like the jobs queue, one record at a time, into the same DLQ.
    work_queue = _work_queue(sqs, dlq_url, visibility_timeout_s, max_receives)
    queue_url = sqs.create_queue(QueueName=names.queue_name, Attributes=work_queue)["QueueUrl"]
    isolation_queue_url = sqs.create_queue(QueueName=names.isolation_queue_name, Attributes=work_queue)[
        "QueueUrl"
    ]
    jobs_queue_arn = queue_arn(sqs, queue_url)
    webhook_queue_url, webhook_dlq_url = create_webhook_queues(sqs, names)
    s3.put_bucket_notification_configuration(
        Bucket=names.uploads_bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": jobs_queue_arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": ORIGINALS}]}},
                }
            ]
        },
    )

    dynamodb.create_table(**create_table_arguments(names.table_name))
    dynamodb.update_time_to_live(
        TableName=names.table_name, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
    )
    dynamodb.create_table(**create_realtime_table_arguments(names.realtime_table_name))
    dynamodb.update_time_to_live(
        TableName=names.realtime_table_name,
        TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
    )
    delivery = create_delivery(
        client("secretsmanager", endpoint_url, credentials),
        client("cloudfront", endpoint_url, credentials),
        prefix=prefix,
        origin_domain=f"{names.processed_bucket}.s3.amazonaws.com",
    )
    return Resources(
        endpoint_url=endpoint_url,
        credentials=credentials,
        prefix=prefix,
        queue_url=queue_url,
        queue_arn=jobs_queue_arn,
        dlq_url=dlq_url,
        isolation_queue_url=isolation_queue_url,
        webhook_queue_url=webhook_queue_url,
        webhook_dlq_url=webhook_dlq_url,
        delivery=delivery,
    )


def locate_resources(
    endpoint_url: str,
    *,
    credentials: Credentials,
    ui_origins: list[str],
    visibility_timeout_s: int,
    max_receives: int = MAX_RECEIVES,
    delivery: Delivery,
    prefix: str = "mediapipe",
) -> Resources:
    """The resources a restored emulator holds (`create_resources` made them in an earlier run),
    found by name, with this run's settings applied: the UI's origins (the port may differ), the
    work queues' timing."""
    names = Resources(endpoint_url=endpoint_url, credentials=credentials, prefix=prefix)
    s3, sqs = (client(name, endpoint_url, credentials) for name in ("s3", "sqs"))
    _allow_uploads_from(s3, names.uploads_bucket, ui_origins)

    def url(name: str) -> str:
        return str(sqs.get_queue_url(QueueName=name)["QueueUrl"])

    dlq_url, queue_url, isolation_queue_url = (
        url(name) for name in (names.dlq_name, names.queue_name, names.isolation_queue_name)
    )
    work_queue = _work_queue(sqs, dlq_url, visibility_timeout_s, max_receives)
    for work in (queue_url, isolation_queue_url):
        sqs.set_queue_attributes(QueueUrl=work, Attributes=work_queue)
    return Resources(
        endpoint_url=endpoint_url,
        credentials=credentials,
        prefix=prefix,
        queue_url=queue_url,
        queue_arn=queue_arn(sqs, queue_url),
        dlq_url=dlq_url,
        isolation_queue_url=isolation_queue_url,
        webhook_queue_url=url(names.webhook_queue_name),
        webhook_dlq_url=url(names.webhook_dlq_name),
        delivery=delivery,
    )


def _allow_uploads_from(s3: Any, bucket: str, ui_origins: list[str]) -> None:
    """CORS on the uploads bucket for the UI's origins, and no other."""
    s3.put_bucket_cors(
        Bucket=bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": ui_origins,
                    "AllowedMethods": ["POST", "PUT"],
                    "ExposeHeaders": ["ETag"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 3600,
                }
            ]
        },
    )


def _work_queue(sqs: Any, dlq_url: str, visibility_timeout_s: int, max_receives: int) -> dict[str, str]:
    """A work queue's attributes: its visibility timeout and its redrive into the DLQ."""
    redrive = {"deadLetterTargetArn": queue_arn(sqs, dlq_url), "maxReceiveCount": max_receives}
    return {"VisibilityTimeout": str(visibility_timeout_s), "RedrivePolicy": json.dumps(redrive)}


def create_webhook_queues(
    sqs: Any, names: Resources, *, max_receives: int = WEBHOOK_MAX_RECEIVES
) -> tuple[str, str]:
    """The webhook queue and its DLQ, where a delivery's message goes after its last attempt
    (URLs of both). `max_receives` is the sender's attempts (tests make their own, shorter)."""
    dlq_url = sqs.create_queue(QueueName=names.webhook_dlq_name)["QueueUrl"]
    redrive = {"deadLetterTargetArn": queue_arn(sqs, dlq_url), "maxReceiveCount": max_receives}
    attributes = {"VisibilityTimeout": str(WEBHOOK_VISIBILITY_S), "RedrivePolicy": json.dumps(redrive)}
    queue_url = sqs.create_queue(QueueName=names.webhook_queue_name, Attributes=attributes)["QueueUrl"]
    return queue_url, dlq_url


def unclaimed_originals_rule() -> dict[str, Any]:
    """The deployed uploads bucket's rule for strays: originals still tagged unclaimed expire."""
    key, value = UNCLAIMED_TAG
    return {
        "ID": "expire-unclaimed-originals",
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": ORIGINALS, "Tags": [{"Key": key, "Value": value}]}},
        "Expiration": {"Days": UNCLAIMED_EXPIRE_DAYS},
    }


def _serve(host: str, data: str, origins: Sequence[str]) -> None:
    """`python -m app.local.emulator HOST DATA ORIGIN...` (credentials in the environment): restore
    DATA's snapshot (DATA `-`: keep nothing), print the endpoint and whether it was restored, serve
    until stdin closes (or SIGINT / SIGTERM), then save DATA's snapshot."""
    from app.local import snapshot

    folder = None if data == NO_DATA else Path(data)
    restored = folder is not None and snapshot.exists(folder)
    if restored:
        assert folder is not None
        snapshot.restore(folder)
    server, endpoint = start_server(host, Credentials.from_environment(os.environ), origins)
    print(endpoint, RESTORED if restored else NEW, flush=True)
    # Ctrl-C reaches the whole process group, and the parent may terminate us: both end the wait
    # below, so the state is saved; the parent stops everything else in order.
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # returns when the parent closes the pipe or exits
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)  # a second Ctrl-C must not cut the save short
    server.stop()
    if folder is not None:
        saved = snapshot.save(folder)
        print(f"  Saved the local data in {folder} ({saved.bytes / 1e6:.1f} MB).", file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2], sys.argv[3:])
