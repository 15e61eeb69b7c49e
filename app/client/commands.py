"""The API-facing CLI commands: upload (with progress bars), ls, status, trace, presets, retry,
reprocess (app/client/reprocess.py), rm, webhooks (app/client/webhooks.py)."""

from __future__ import annotations

import argparse
import json
import mimetypes
import shlex
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from app.client.account import signed_in_endpoint
from app.client.api import ApiError, MediaPipeClient
from app.client.failure import fail, no_file
from app.client.parts import upload_in_parts
from app.client.reprocess import run_reprocess
from app.client.timeline import seconds, timeline
from app.client.watch import Connect, connector, wait_live, watch
from app.client.webhooks import run_webhooks
from app.domain.media_types import KIND_OF_TYPE, normalise
from app.domain.multipart import MULTIPART_THRESHOLD
from app.domain.usage import format_size
from processors.sniff import HEAD_BYTES, sniff

console = Console(stderr=True)
out = Console()
STATUS_STYLE = {"READY": "green", "REJECTED": "red", "FAILED": "red", "PROCESSING": "yellow"}
# A media id is a ULID: its column never narrows below it, so a copy of the id from a table works
# at 80 columns too (the other columns wrap instead).
ID_WIDTH = 26


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "upload" and (missing := no_file(args.files)) is not None:
            raise missing
        with MediaPipeClient(signed_in_endpoint(args)) as client:
            handler = {
                "upload": _upload,
                "ls": _ls,
                "status": _status,
                "trace": _trace,
                "presets": _presets,
                "usage": _usage,
                "retry": _retry,
                "reprocess": run_reprocess,
                "rm": _rm,
                "rename": _rename,
                "tag": _tag,
                "watch": watch,
                "webhooks": run_webhooks,
            }[args.command]
            return handler(client, args)
    except ApiError as error:
        return fail(error)


def detect_content_type(path: Path) -> str:
    """What the bytes are, as the server will see it; else what the extension says."""
    with path.open("rb") as source:
        sniffed = sniff(source.read(HEAD_BYTES))
    if sniffed in KIND_OF_TYPE:
        return sniffed
    guessed, _ = mimetypes.guess_type(path.name)
    return normalise(guessed) if guessed else "application/octet-stream"


@dataclass
class UploadResult:
    path: Path
    media_id: str = ""
    status: str = "NOT_SENT"
    seconds: float = 0.0
    variants: int = 0
    error: str = ""
    resumed: bool = False  # sent in parts, continuing an earlier try


def _upload(client: MediaPipeClient, args: argparse.Namespace) -> int:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    stop = Event()  # set by Ctrl-C: uploads in parts stop after the parts in flight
    interrupted = False
    live = connector(client) if args.wait else None
    with Progress(*columns, console=console, transient=False) as progress:

        def one(path: Path) -> UploadResult:
            task = progress.add_task(f"{path.name[:30]:30} uploading", total=path.stat().st_size)
            return _upload_one(client, args, path, progress, (task, overall), stop, live)

        overall = progress.add_task(f"{'all files':30}", total=sum(p.stat().st_size for p in args.files))
        with ThreadPoolExecutor(max_workers=max(1, args.parallel)) as pool:
            futures = [pool.submit(one, path) for path in args.files]
            try:
                results = [future.result() for future in futures]
            except KeyboardInterrupt:
                stop.set()
                interrupted = True
                results = [future.result() for future in futures]
    if args.json:
        out.print_json(json.dumps([r.__dict__ | {"path": str(r.path)} for r in results]))
    else:
        out.print(_summary(results))
    if interrupted:
        console.print("interrupted: run the same command again to resume the uploads sent in parts")
        return 130
    ok = {"READY"} if args.wait else {"READY", "PROCESSING", "AWAITING_UPLOAD"}
    return 0 if all(r.status in ok for r in results) else 1


def _upload_one(
    client: MediaPipeClient,
    args: argparse.Namespace,
    path: Path,
    progress: Progress,
    tasks: tuple[TaskID, TaskID],
    stop: Event,
    live: Connect | None,
) -> UploadResult:
    """`tasks`: this file's progress bar and the overall one; `live`, with --wait, how to follow
    the item while it is processed."""
    task, overall = tasks
    result = UploadResult(path)
    started = time.monotonic()
    label = f"{path.name[:30]:30}"
    try:
        content_type = args.content_type or detect_content_type(path)

        def advance(sent: int) -> None:
            progress.advance(task, sent)
            progress.advance(overall, sent)

        if path.stat().st_size > MULTIPART_THRESHOLD:
            # In parts: a dropped connection costs a part, and the same command again resumes.
            sent = upload_in_parts(
                client,
                path,
                content_type,
                api_url=client.api_url,
                preset=args.preset,
                progress=advance,
                stop=stop,
            )
            media, result.resumed = sent.media, sent.resumed
        else:
            media = client.upload_path(path, content_type, preset=args.preset, progress=advance)
        result.media_id, result.status = media["id"], "UPLOADED"
        if live is not None:
            progress.update(task, description=f"{label} processing")
            media = wait_live(client, media["id"], live, timeout=args.timeout)
        else:
            media = client.media(media["id"]) or media
        result.status = media["status"]
        result.variants = len(media.get("variants") or [])
        result.error = (media.get("error") or {}).get("message", "")
    except ApiError as error:
        result.status, result.error = "ERROR", f"{error.code}: {error.message}"
    result.seconds = time.monotonic() - started
    style = STATUS_STYLE.get(result.status, "white")
    progress.update(task, description=f"{label} [{style}]{result.status.lower()}[/{style}]")
    return result


def _summary(results: list[UploadResult]) -> Table:
    table = Table(title="Uploads")
    for column in ("file", "id", "status", "variants", "seconds", "error"):
        if column == "id":
            _add_id_column(table)
        else:
            table.add_column(column, justify="right" if column in {"variants", "seconds"} else "left")
    for r in results:
        style = STATUS_STYLE.get(r.status, "white")
        table.add_row(
            r.path.name,
            r.media_id,
            f"[{style}]{r.status}[/{style}]" + (" (resumed)" if r.resumed else ""),
            str(r.variants),
            f"{r.seconds:.1f}",
            r.error,
        )
    return table


LIST_FILTERS = ("status", "kind", "tag", "search", "sort")


def _ls(client: MediaPipeClient, args: argparse.Namespace) -> int:
    filters = {name: getattr(args, name) for name in LIST_FILTERS}
    page = client.media_list(first=args.first, after=args.after, **filters)
    items = [edge["node"] for edge in page["edges"]]
    if args.json:
        out.print_json(json.dumps(page))
        return 0
    table = Table(title=f"Media ({len(items)})")
    _add_id_column(table)
    for column in ("filename", "kind", "status", "size", "tags", "variants", "created"):
        table.add_column(column)
    for item in items:
        style = STATUS_STYLE.get(item["status"], "white")
        table.add_row(
            item["id"],
            item["filename"],
            item["kind"].lower(),
            f"[{style}]{item['status']}[/{style}]",
            f"{item['size']:,}",
            ", ".join(item["tags"]),
            str(len(item["variants"])),
            item["createdAt"][:19].replace("T", " "),
        )
    out.print(table)
    if page["pageInfo"]["hasNextPage"]:
        again = " ".join(
            f"--{name} {shlex.quote(str(value))}"
            for name, value in filters.items()
            if value is not None and (name, value) != ("sort", "NEWEST")
        )
        console.print(
            f"more: mediapipe ls {again + ' ' if again else ''}--after {page['pageInfo']['endCursor']}"
        )
    return 0


def _rename(client: MediaPipeClient, args: argparse.Namespace) -> int:
    item = client.update_media(args.id, filename=args.filename)
    if args.json:
        out.print_json(json.dumps(item))
    else:
        console.print(f"renamed {item['id']} to {item['filename']}")
    return 0


def _tag(client: MediaPipeClient, args: argparse.Namespace) -> int:
    """Tags are set whole (updateMedia): read them, clear, remove and add as asked, write them."""
    if not (args.tags or args.remove or args.clear):
        raise ApiError("Give TAGs to add, --remove TAG... or --clear.", "INVALID_INPUT")
    current = client.media(args.id)
    if current is None:
        raise ApiError(f"No media with id {args.id!r}.", "NOT_FOUND")
    # As the server keeps tags (app/domain/listing.py), so --remove finds them; what is added the
    # server normalises itself.
    removed = {" ".join(t.split()).casefold() for t in args.remove}
    kept = [] if args.clear else [t for t in current["tags"] if t not in removed]
    tags = [*kept, *args.tags]
    item = client.update_media(args.id, tags=tags)
    if args.json:
        out.print_json(json.dumps(item))
    else:
        console.print(f"{item['id']} tags: {', '.join(item['tags']) or '(none)'}")
    return 0


def _add_id_column(table: Table) -> None:
    table.add_column("id", no_wrap=True, min_width=ID_WIDTH)


def _status(client: MediaPipeClient, args: argparse.Namespace) -> int:
    item = client.media(args.id)
    if item is None:
        raise ApiError(f"No media with id {args.id!r}.", "NOT_FOUND")
    _print_item(item, args.json)
    return 0


def _trace(client: MediaPipeClient, args: argparse.Namespace) -> int:
    item = client.history(args.id)
    if item is None:
        raise ApiError(f"No media with id {args.id!r}.", "NOT_FOUND")
    if args.json:
        out.print_json(json.dumps(item))
        return 0
    steps = timeline(item["history"])
    style = STATUS_STYLE.get(item["status"], "white")
    out.print(f"[bold]{item['filename']}[/bold]  {item['id']}  [{style}]{item['status']}[/{style}]")
    # One line per event, not a table: a table squeezed into 80 columns wraps the notes, and a
    # line each reads well piped into grep too.
    for step in steps.steps:
        at = step.at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        line = f"{at}  {seconds(step.since_previous):>10}  {step.status:<15} #{step.attempt:<3} "
        out.print(f"{line}{step.code or '-':<16} {step.note}", markup=False, highlight=False, soft_wrap=True)
    out.print(f"total {steps.total:.2f} s over {len(steps.steps)} events")
    return 0


def _plays(variant: dict[str, Any]) -> str:
    """`12.3 s at 2,500 kb/s`: a playable output's length and rate (blank for a picture)."""
    seconds, bitrate = variant.get("durationSeconds"), variant.get("bitrate")
    if seconds is None:
        return ""
    return f"{seconds:,.1f} s" + (f" at {bitrate // 1000:,} kb/s" if bitrate else "")


def _print_item(item: dict[str, Any], as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(item))
        return
    style = STATUS_STYLE.get(item["status"], "white")
    out.print(f"[bold]{item['filename']}[/bold]  {item['id']}  [{style}]{item['status']}[/{style}]")
    out.print(
        f"{item['kind'].lower()}, {item['contentType']}, {item['size']:,} bytes, preset {item['preset']}"
    )
    if item.get("error"):
        out.print(f"[red]{item['error']['code']}[/red]: {item['error']['message']}")
    if item["variants"]:
        table = Table()
        for column in ("name", "role", "format", "size", "bytes", "plays"):
            table.add_column(column)
        for v in item["variants"]:
            role = v["role"].lower() + (", animated" if v["animated"] else "")
            size = f"{v['width']}x{v['height']}" if v["width"] else ""
            table.add_row(v["name"], role, v["format"], size, f"{v['bytes']:,}", _plays(v))
        out.print(table)
        # The URLs after the table, a line each: a URL is longer than a table cell can be at 80
        # columns, and a cell would cut or fold it; a soft-wrapped line copies whole.
        for v in item["variants"]:
            out.print(f"{v['name']}  {v['url']}", markup=False, highlight=False, soft_wrap=True)
    if item.get("metadata"):
        out.print_json(json.dumps(item["metadata"]))


def _usage(client: MediaPipeClient, args: argparse.Namespace) -> int:
    usage = client.usage()
    if args.json:
        out.print_json(json.dumps(usage))
        return 0
    quota = usage["quota"]
    table = Table(title="Your usage")
    for column in ("kind", "items", "originals", "outputs", "compute"):
        table.add_column(column, justify="right" if column != "kind" else "left")
    for k in usage["byKind"]:
        sizes = format_size(k["originalBytes"]), format_size(k["outputBytes"])
        table.add_row(k["kind"].lower(), f"{k['items']:,}", *sizes, f"{k['computeSeconds']:,.1f} s")
    out.print(table)
    if quota:
        out.print(
            f"{usage['items']:,} of {quota['maxItems']:,} items, "
            f"{format_size(usage['storedBytes'])} of {format_size(quota['maxBytes'])} stored"
        )
    cost = usage["estimatedCost"]
    out.print(
        f"Estimated: storage ${cost['storagePerMonth']:.2f} a month, processing so far "
        f"${cost['processingToDate']:.4f} ({cost['currency']}, at the stack's list prices)"
    )
    return 0


def _presets(client: MediaPipeClient, args: argparse.Namespace) -> int:
    presets = client.presets()
    if args.json:
        out.print_json(json.dumps(presets))
        return 0
    table = Table(title="Presets")
    for column in ("name", "widths", "formats", "fit", "description"):
        table.add_column(column)
    for p in presets:
        formats = ", ".join(f"{f['format'].lower()} q{f['quality']}" for f in p["formats"])
        table.add_row(
            p["name"], ", ".join(map(str, p["widths"])), formats, p["fit"].lower(), p["description"]
        )
    out.print(table)
    return 0


def _retry(client: MediaPipeClient, args: argparse.Namespace) -> int:
    _print_item(client.retry(args.id), args.json)
    return 0


def _rm(client: MediaPipeClient, args: argparse.Namespace) -> int:
    if not client.delete(args.id):
        raise ApiError(f"No media with id {args.id!r}.", "NOT_FOUND")
    if args.json:
        out.print_json(json.dumps({"deleted": args.id}))
    else:
        console.print(f"deleted {args.id}")
    return 0
