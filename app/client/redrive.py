"""`mediapipe redrive`: put dead-lettered jobs back on the jobs queue.

Against the local stack (its state file in .mediapipe/, found by app/client/local_stack.py) it
copies messages itself; against AWS (`--dlq-url`, with your AWS credentials) it starts SQS's own
message move task. Either way each item redriven gets an entry in its owner's audit log
(app/client/redrive_audit.py)."""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from typing import Any

from rich.console import Console

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.ids import new_media_id
from app.adapters.sqs_queue import SqsDeadLetters, redrive, start_move_task
from app.client.api import ApiError
from app.client.failure import fail
from app.client.local_stack import find_local_stack
from app.client.redrive_audit import operator_identity, record_redrive, retention_from_env
from app.local.credentials import Credentials
from app.local.emulator import client as emulator_client

console = Console(stderr=True)

# A move task moves the whole queue; the entries name what was in it when it started, up to this many.
MOVE_TASK_AUDIT_LIMIT = 10_000


def run_redrive(args: argparse.Namespace) -> int:
    if args.dlq_url:
        return _redrive_aws(args)
    try:
        state = find_local_stack(args.port, state_file=args.state_file).require_state()
    except ApiError as error:
        return fail(error)
    credentials = Credentials.from_environment(state["awsCredentials"])
    sqs = emulator_client("sqs", state["awsEndpoint"], credentials)
    moved = redrive(sqs, state["dlqUrl"], state["queueUrl"], limit=args.max)
    console.print(f"moved {len(moved)} message(s) from the DLQ back to the jobs queue")
    _audit(
        moved,
        table=state["tableName"],
        uploads_bucket=state["uploadsBucket"],
        dynamodb=emulator_client("dynamodb", state["awsEndpoint"], credentials),
        sts=emulator_client("sts", state["awsEndpoint"], credentials),
    )
    return 0


def _redrive_aws(args: argparse.Namespace) -> int:
    import boto3

    table = args.table or os.environ.get("MEDIAPIPE_TABLE_NAME")
    uploads_bucket = args.uploads_bucket or os.environ.get("MEDIAPIPE_UPLOADS_BUCKET")
    if not (table and uploads_bucket):
        # Refused rather than run unaudited: a redrive is an operator's action on users' items.
        console.print(
            "[red]--table and --uploads-bucket are needed[/red] (or MEDIAPIPE_TABLE_NAME and "
            "MEDIAPIPE_UPLOADS_BUCKET; the stack's outputs), to record the redrive in the audit log"
        )
        return 2
    sqs = boto3.client("sqs")
    if args.queue_url and (args.copy or os.environ.get("AWS_ENDPOINT_URL")):
        moved = redrive(sqs, args.dlq_url, args.queue_url, limit=args.max)
        console.print(f"moved {len(moved)} message(s) back to the jobs queue")
    else:
        # SQS moves the messages itself and says not which: what is in the queue now is what moves.
        moved = SqsDeadLetters(args.dlq_url, sqs).peek(limit=args.max or MOVE_TASK_AUDIT_LIMIT)
        handle = start_move_task(sqs, args.dlq_url)
        console.print(f"SQS is moving the DLQ's messages back (task {handle[:24]}…)")
    _audit(
        moved,
        table=table,
        uploads_bucket=uploads_bucket,
        dynamodb=boto3.client("dynamodb"),
        sts=boto3.client("sts"),
    )
    return 0


def _audit(moved: list[str], *, table: str, uploads_bucket: str, dynamodb: Any, sts: Any) -> None:
    recorded = record_redrive(
        DynamoMediaRepository(table, dynamodb),
        moved,
        uploads_bucket=uploads_bucket,
        who=operator_identity(sts),
        retention=retention_from_env(),
        clock=lambda: datetime.now(UTC),
        new_id=new_media_id,
    )
    console.print(f"recorded {recorded} item(s) in their owners' audit logs")
