"""The embedded AWS: moto's server on loopback, with the same resources the Pulumi program creates.

Everything talks to it over real HTTP through boto3 (`AWS_ENDPOINT_URL`), exactly as in AWS.
"""

from __future__ import annotations

import contextlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3

from app.adapters.s3_storage import UNCLAIMED_EXPIRE_DAYS, UNCLAIMED_TAG
from app.adapters.table_schema import TTL_ATTRIBUTE, create_table_arguments
from app.domain.keys import ORIGINALS
from app.local.delivery import Delivery, create_delivery

if TYPE_CHECKING:
    from moto.server import ThreadedMotoServer

REGION = "us-east-1"
# moto accepts any credentials; fixed fake ones keep real ones from ever being used by accident.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
MAX_RECEIVES = 5


@dataclass(frozen=True, slots=True)
class Resources:
    endpoint_url: str
    prefix: str = "mediapipe"
    queue_url: str = ""
    queue_arn: str = ""
    dlq_url: str = ""
    isolation_queue_url: str = ""
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
    def queue_name(self) -> str:
        return f"{self.prefix}-jobs"

    @property
    def dlq_name(self) -> str:
        return f"{self.prefix}-jobs-dlq"

    @property
    def isolation_queue_name(self) -> str:
        return f"{self.prefix}-jobs-isolation"


def start_server(host: str = "127.0.0.1") -> tuple[ThreadedMotoServer, str]:
    """Start moto on a free port of `host`; returns the server and its endpoint URL."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call is noise here
    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    bound_host, port = server.get_host_and_port()
    return server, f"http://{bound_host}:{port}"


class EmulatorProcess:
    """moto's server in a process of its own, so emulated AWS calls never compete with the API's
    event loop for the GIL. It exits when its parent closes its stdin (or dies)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._process = subprocess.Popen(  # noqa: S603  # our own interpreter and module
            [sys.executable, "-m", "app.local.emulator", host],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.endpoint_url = self._process.stdout.readline().strip()
        if not self.endpoint_url.startswith("http://"):
            self.stop()
            raise RuntimeError("the AWS emulator did not start")

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()


def client(service: str, endpoint_url: str) -> Any:
    return boto3.session.Session().client(  # type: ignore[call-overload]
        service,
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def create_resources(
    endpoint_url: str,
    *,
    ui_origins: list[str],
    visibility_timeout_s: int,
    max_receives: int = MAX_RECEIVES,
    prefix: str = "mediapipe",
) -> Resources:
    """Buckets (CORS for the UI, the rule for unclaimed originals), jobs and isolation queues + their
    DLQ, the S3 -> SQS notification, the table, the URL-signing key and the CDN distribution."""
    names = Resources(endpoint_url=endpoint_url, prefix=prefix)
    s3, sqs, dynamodb = (client(name, endpoint_url) for name in ("s3", "sqs", "dynamodb"))

    for bucket in (names.uploads_bucket, names.processed_bucket):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_cors(
        Bucket=names.uploads_bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": ui_origins,
                    "AllowedMethods": ["POST"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 3600,
                }
            ]
        },
    )

    # moto keeps lifecycle rules without running them: the rule is here so the configuration is the
    # deployed one; locally the processor's own removal of late originals is what cleans up.
    s3.put_bucket_lifecycle_configuration(
        Bucket=names.uploads_bucket, LifecycleConfiguration={"Rules": [unclaimed_originals_rule()]}
    )

    dlq_url = sqs.create_queue(QueueName=names.dlq_name)["QueueUrl"]
    # The isolation queue works like the jobs queue, one record at a time, into the same DLQ.
    work_queue = {
        "VisibilityTimeout": str(visibility_timeout_s),
        "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": _queue_arn(sqs, dlq_url), "maxReceiveCount": max_receives}
        ),
    }
    queue_url = sqs.create_queue(QueueName=names.queue_name, Attributes=work_queue)["QueueUrl"]
    isolation_queue_url = sqs.create_queue(QueueName=names.isolation_queue_name, Attributes=work_queue)[
        "QueueUrl"
    ]
    queue_arn = _queue_arn(sqs, queue_url)
    s3.put_bucket_notification_configuration(
        Bucket=names.uploads_bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": queue_arn,
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
    delivery = create_delivery(
        client("secretsmanager", endpoint_url),
        client("cloudfront", endpoint_url),
        prefix=prefix,
        origin_domain=f"{names.processed_bucket}.s3.amazonaws.com",
    )
    return Resources(
        endpoint_url=endpoint_url,
        prefix=prefix,
        queue_url=queue_url,
        queue_arn=queue_arn,
        dlq_url=dlq_url,
        isolation_queue_url=isolation_queue_url,
        delivery=delivery,
    )


def unclaimed_originals_rule() -> dict[str, Any]:
    """The deployed uploads bucket's rule for strays: originals still tagged unclaimed expire."""
    key, value = UNCLAIMED_TAG
    return {
        "ID": "expire-unclaimed-originals",
        "Status": "Enabled",
        "Filter": {"And": {"Prefix": ORIGINALS, "Tags": [{"Key": key, "Value": value}]}},
        "Expiration": {"Days": UNCLAIMED_EXPIRE_DAYS},
    }


def _queue_arn(sqs: Any, queue_url: str) -> str:
    arn: str = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


def _serve(host: str) -> None:
    """`python -m app.local.emulator HOST`: print the endpoint, serve until stdin closes."""
    server, endpoint = start_server(host)
    print(endpoint, flush=True)
    # Ctrl-C reaches the whole process group; the parent stops everything else in order.
    with contextlib.suppress(KeyboardInterrupt):
        sys.stdin.read()  # returns when the parent closes the pipe or exits
    server.stop()


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1")
