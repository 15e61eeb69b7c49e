"""`mediapipe webhooks ...`: your webhook endpoints and their deliveries (docs/api.md, "Webhooks").

    mediapipe webhooks add URL --event media.ready [--event ...] [--description TEXT]
    mediapipe webhooks ls | rm ID | rotate ID | enable ID | deliveries ID | redeliver DELIVERY_ID

`add` and `rotate` print the signing secret: the only times the API shows it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from app.client.api import ApiError, MediaPipeClient

console = Console(stderr=True)
out = Console()
STATE_STYLE = {"ENABLED": "green", "FAILING": "yellow", "DISABLED": "red"}
STATUS_STYLE = {"SUCCEEDED": "green", "PENDING": "yellow", "FAILED": "red"}


def run_webhooks(client: MediaPipeClient, args: argparse.Namespace) -> int:
    action: Callable[[MediaPipeClient, argparse.Namespace], int] = {
        "add": _add,
        "ls": _ls,
        "rm": _rm,
        "rotate": _rotate,
        "enable": _enable,
        "deliveries": _deliveries,
        "redeliver": _redeliver,
    }[args.action]
    return action(client, args)


def _add(client: MediaPipeClient, args: argparse.Namespace) -> int:
    return _with_secret(client.create_webhook(args.url, args.event, args.description), args.json)


def _rotate(client: MediaPipeClient, args: argparse.Namespace) -> int:
    return _with_secret(client.rotate_webhook_secret(args.id), args.json)


def _with_secret(answer: dict[str, Any], as_json: bool) -> int:
    if as_json:
        out.print_json(json.dumps(answer))
        return 0
    webhook = answer["webhook"]
    out.print(f"webhook {webhook['id']}  {webhook['url']}  ({', '.join(webhook['events'])})", soft_wrap=True)
    out.print(f"secret  {answer['secret']}", markup=False, highlight=False, soft_wrap=True)
    console.print("keep the secret now: it is not shown again (verify deliveries with it, docs/api.md)")
    return 0


def _ls(client: MediaPipeClient, args: argparse.Namespace) -> int:
    found = client.webhooks()
    if args.json:
        out.print_json(json.dumps(found))
        return 0
    table = Table(title=f"Webhooks ({len(found)})")
    for column in ("id", "url", "events", "state", "description"):
        table.add_column(column, no_wrap=column == "id")
    for webhook in found:
        style = STATE_STYLE.get(webhook["state"], "white")
        state = f"[{style}]{webhook['state']}[/{style}]"
        if webhook["disabledReason"]:
            state += f"\n{webhook['disabledReason']}"
        table.add_row(
            webhook["id"], webhook["url"], ", ".join(webhook["events"]), state, webhook["description"]
        )
    out.print(table)
    return 0


def _rm(client: MediaPipeClient, args: argparse.Namespace) -> int:
    if not client.delete_webhook(args.id):
        raise ApiError(f"No webhook with id {args.id!r}.", "NOT_FOUND")
    if args.json:
        out.print_json(json.dumps({"deleted": args.id}))
    else:
        console.print(f"deleted webhook {args.id}")
    return 0


def _enable(client: MediaPipeClient, args: argparse.Namespace) -> int:
    webhook = client.update_webhook(args.id, enabled=True)
    if args.json:
        out.print_json(json.dumps(webhook))
    else:
        console.print(f"webhook {webhook['id']} is {webhook['state'].lower()}")
    return 0


def _deliveries(client: MediaPipeClient, args: argparse.Namespace) -> int:
    found = client.webhook_deliveries(args.id)
    if args.json:
        out.print_json(json.dumps(found))
        return 0
    table = Table(title=f"Deliveries of {args.id} ({len(found)}, newest first)")
    for column in ("id", "event", "media", "status", "attempts", "response", "ms", "last tried"):
        table.add_column(column, no_wrap=column == "id")
    for d in found:
        style = STATUS_STYLE.get(d["status"], "white")
        response = str(d["responseStatus"]) if d["responseStatus"] is not None else (d["error"] or "-")
        table.add_row(
            d["id"],
            d["event"],
            d["mediaId"],
            f"[{style}]{d['status']}[/{style}]",
            str(d["attempts"]),
            response,
            str(d["durationMs"]) if d["durationMs"] is not None else "-",
            (d["lastAttemptAt"] or "-")[:19].replace("T", " "),
        )
    out.print(table)
    return 0


def _redeliver(client: MediaPipeClient, args: argparse.Namespace) -> int:
    delivery = client.redeliver_webhook(args.id)
    if args.json:
        out.print_json(json.dumps(delivery))
    else:
        console.print(f"delivery {delivery['id']} queued again")
    return 0
