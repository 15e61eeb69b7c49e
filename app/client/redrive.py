"""`mediapipe redrive`: put dead-lettered jobs back on the jobs queue.

Against the local stack (its state file in .mediapipe/) it copies messages itself; against AWS
(`--dlq-url`, with your AWS credentials) it starts SQS's own message move task."""

from __future__ import annotations

import argparse
import os

from rich.console import Console

from app.adapters.sqs_queue import redrive, start_move_task
from app.local.credentials import Credentials
from app.local.emulator import client as emulator_client
from app.local.state import NoLocalStack, default_state_file, read_state

console = Console(stderr=True)


def run_redrive(args: argparse.Namespace) -> int:
    if args.dlq_url:
        import boto3

        sqs = boto3.client("sqs")
        if args.queue_url and (args.copy or os.environ.get("AWS_ENDPOINT_URL")):
            moved = redrive(sqs, args.dlq_url, args.queue_url, limit=args.max)
            console.print(f"moved {moved} message(s) back to the jobs queue")
        else:
            handle = start_move_task(sqs, args.dlq_url)
            console.print(f"SQS is moving the DLQ's messages back (task {handle[:24]}…)")
        return 0
    try:
        state = read_state(args.state_file or default_state_file(args.port))
    except NoLocalStack as error:
        console.print(f"[red]{error}[/red]")
        return 1
    sqs = emulator_client("sqs", state["awsEndpoint"], Credentials.from_environment(state["awsCredentials"]))
    moved = redrive(sqs, state["dlqUrl"], state["queueUrl"], limit=args.max)
    console.print(f"moved {moved} message(s) from the DLQ back to the jobs queue")
    return 0
