"""`mediapipe reprocess`: remake items' outputs with a preset, named items or a whole backfill.

A backfill lists the chosen items first, then asks for each reprocess in throttled batches (the
API's work budget would refuse a burst anyway: a RATE_LIMITED answer is waited out, as it says). It
keeps no state of its own: an item already made with the preset as configured now (its metadata's
`presetFingerprint`) is skipped, and one still being reprocessed is not listed as READY, so a run
interrupted at any point and started again does each item once.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from app.client.api import ApiError, MediaPipeClient

console = Console(stderr=True)
out = Console()

# Statuses a backfill may select: the ones reprocessMedia takes (REJECTED only when by a limit;
# the API refuses the others with NOT_REPROCESSABLE, counted in the summary).
SELECTABLE = ("READY", "REJECTED")
PAGE = 100
# How often one item's request is asked again after RATE_LIMITED before it counts as refused.
RATE_LIMIT_TRIES = 5
INTERRUPTED = 130  # the shell's code for a run stopped by Ctrl-C


@dataclass(frozen=True, slots=True)
class Plan:
    todo: list[dict[str, Any]]  # the items to reprocess, in the listing's order
    already: int  # made with the preset as configured now: nothing to do


def plan(items: Sequence[dict[str, Any]], fingerprints: dict[str, str], preset: str | None) -> Plan:
    """Which of `items` need reprocessing: each with `preset` (or its own), unless it is READY and
    its outputs were made with that preset's current fingerprint already."""
    todo: list[dict[str, Any]] = []
    already = 0
    for item in items:
        target = preset or item["preset"]
        made_with = (item.get("metadata") or {}).get("presetFingerprint")
        current = item["status"] == "READY" and item["preset"] == target
        if current and made_with is not None and made_with == fingerprints.get(target):
            already += 1
        else:
            todo.append(item)
    return Plan(todo, already)


@dataclass(slots=True)
class Tally:
    queued: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    already: int = 0
    interrupted: bool = False

    def summary(self, total: int) -> dict[str, Any]:
        return {
            "selected": total,
            "queued": len(self.queued),
            "alreadyDone": self.already,
            "refused": dict(self.refused),
            "interrupted": self.interrupted,
            "queuedIds": self.queued,
        }


def run_reprocess(client: MediaPipeClient, args: argparse.Namespace) -> int:
    if args.ids:
        return _named(client, args)
    return _backfill(client, args)


def _named(client: MediaPipeClient, args: argparse.Namespace) -> int:
    """The items asked for by id, with no skipping: asked by name, done as asked."""
    tally = Tally()
    for media_id in args.ids:
        try:
            item = _reprocess(client, media_id, args.preset, sleep=time.sleep)
        except ApiError as error:
            console.print(f"[red]error[/red] {media_id} {error.code}: {error.message}")
            tally.refused[error.code] += 1
            continue
        tally.queued.append(item["id"])
        console.print(f"queued {item['id']} with preset {item['preset']}")
    if args.json:
        out.print_json(json.dumps(tally.summary(len(args.ids))))
    return 0 if not tally.refused else 1


def _backfill(client: MediaPipeClient, args: argparse.Namespace) -> int:
    fingerprints = {p["name"]: p["fingerprint"] for p in client.presets()}
    if args.preset is not None and args.preset not in fingerprints:
        known = ", ".join(sorted(fingerprints))
        raise ApiError(f"No preset named {args.preset!r}. Known: {known}.", "UNKNOWN_PRESET")
    kinds = {kind.upper() for kind in args.kind or ()}
    listed = [
        item for item in _listed(client, args.status or ["READY"]) if not kinds or item["kind"] in kinds
    ]
    chosen = plan(listed, fingerprints, args.preset)
    tally = Tally(already=chosen.already)
    columns = (TextColumn("reprocessing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("reprocess", total=len(chosen.todo))
            for batch in _batches(chosen.todo, args.batch):
                for item in batch:
                    _one(client, item, args.preset, tally)
                    progress.advance(task)
                if len(tally.queued) + sum(tally.refused.values()) < len(chosen.todo):
                    time.sleep(args.pause)  # the throttle: a pause between batches
    except KeyboardInterrupt:
        tally.interrupted = True
    _report(tally, len(listed), as_json=args.json)
    if tally.interrupted:
        return INTERRUPTED
    return 0 if not tally.refused else 1


def _listed(client: MediaPipeClient, statuses: Sequence[str]) -> Iterator[dict[str, Any]]:
    for status in statuses:
        after: str | None = None
        while True:
            page = client.media_list(first=PAGE, after=after, status=status)
            yield from (edge["node"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]


def _batches(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _one(client: MediaPipeClient, item: dict[str, Any], preset: str | None, tally: Tally) -> None:
    try:
        _reprocess(client, item["id"], preset, sleep=time.sleep)
    except ApiError as error:
        tally.refused[error.code] += 1
        return
    tally.queued.append(item["id"])


def _reprocess(
    client: MediaPipeClient, media_id: str, preset: str | None, *, sleep: Callable[[float], None]
) -> dict[str, Any]:
    """One reprocessMedia, waiting out the API's RATE_LIMITED answers as long as they say."""
    for tries in range(1, RATE_LIMIT_TRIES + 1):
        try:
            return client.reprocess(media_id, preset)
        except ApiError as error:
            if error.code != "RATE_LIMITED" or tries == RATE_LIMIT_TRIES:
                raise
            sleep(error.retry_after if error.retry_after is not None else 1.0)
    raise AssertionError("unreachable: the last try returns or raises")


def _report(tally: Tally, total: int, *, as_json: bool) -> None:
    summary = tally.summary(total)
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        table = Table(title="Reprocess")
        table.add_column("items")
        table.add_column("count", justify="right")
        table.add_row("selected", str(total))
        table.add_row("queued", str(len(tally.queued)))
        table.add_row("already made with the preset", str(tally.already))
        for code, count in sorted(tally.refused.items()):
            table.add_row(f"refused: {code}", str(count))
        out.print(table)
    if tally.interrupted:
        console.print("interrupted: run the same command again to do the rest (done items are skipped)")
