"""`mediapipe`: run the stack locally, upload and inspect media, process files offline.

    mediapipe dev [--host H] [--port P] [--fresh] the whole pipeline on this machine; its data lasts
                                                  (.mediapipe/dev-PORT, or --profile NAME)
    mediapipe login / logout / whoami / token     sign in (tokens kept in ~/.config/mediapipe)
    mediapipe upload FILE... [--preset] [--wait]  upload with progress bars, then a summary
    mediapipe watch [ID]                          changes as they happen (live), one item or all yours
    mediapipe ls [--status S] [--kind K] [--tag T] [--search TEXT] [--sort NAME|LARGEST|...]
                                                  your media, newest first unless sorted
    mediapipe rename ID NAME / tag ID TAG...      rename an item; add tags (--remove TAG..., --clear)
    mediapipe status ID                           one item, with its variants
    mediapipe trace ID                            one item's life: each event, the time between, the total
    mediapipe reprocess [ID...] [--preset P]      remake outputs with a preset (no ID: a throttled backfill)
    mediapipe usage                               your items and bytes against your quota, and the cost
    mediapipe webhooks add URL --event E...       signed event notifications; also ls, rm, rotate,
                                                  enable, deliveries ID, redeliver DELIVERY_ID
    mediapipe process FILE... --out DIR           the same processing, offline, no AWS
    mediapipe stats [--last N] [--json]           the local stack's metrics over its last N items

The API commands target the local stack by default; point them anywhere with --api-url (or
MEDIAPIPE_API_URL). They act as the signed-in user; the API key (the app's meter) comes from the
stack's /config.json unless --api-key or MEDIAPIPE_API_KEY says otherwise. Without --api-url, the
local stack is the one on --port, else on the default port (PORT, else 8000), else the one running
on any port (its state file in .mediapipe/); `redrive` and `stats` find theirs the same way.

Errors are one line, `error CODE: message`, sometimes with a `hint:` line. Exit codes
(app/client/exit_codes.py):

    0  ok
    1  rejected or failed: an item did not end READY, or the API refused the request
    2  usage: a bad flag or argument (with that command's usage), several local stacks and no --port
    3  not found: NOT_FOUND, NO_FILE
    4  auth: UNAUTHENTICATED, FORBIDDEN, NOT_SIGNED_IN, NO_KEY, a refused sign-in
    5  network: UNREACHABLE, NO_STACK, UNAVAILABLE, an HTTP 5xx
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from app.client.version import version
from app.domain.webhooks import WebhookEvent

STATUSES = ["AWAITING_UPLOAD", "PROCESSING", "READY", "REJECTED", "FAILED"]
KINDS = ["IMAGE", "VIDEO", "AUDIO"]
SORTS = ["NEWEST", "OLDEST", "NAME", "NAME_DESC", "LARGEST", "SMALLEST"]


class _CommandParser(argparse.ArgumentParser):
    """A subcommand's parser that refuses what it does not know itself, so the error comes with its
    own usage: argparse otherwise hands unknown flags up to the top parser, whose usage is no help."""

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mediapipe", description="Event-driven media processing pipeline.")
    parser.add_argument("--version", action="version", version=f"mediapipe {version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_CommandParser
    )

    dev = commands.add_parser("dev", help="run the whole pipeline locally (emulated AWS, API, UI, worker)")
    dev.add_argument("--host", default="127.0.0.1")
    dev.add_argument(
        "--port", type=int, default=int(os.environ.get("PORT", "8000")), help="0 picks a free port"
    )
    dev.add_argument("--workers", type=int, default=1, help="processor worker processes (default 1)")
    dev.add_argument("--state-file", type=Path, help="write URLs, keys and resource names here as JSON")
    dev.add_argument("--verbose", action="store_true", help="log every HTTP request")
    dev.add_argument(
        "--profile",
        type=_profile,
        help="keep the data in .mediapipe/PROFILE (default: .mediapipe/dev-PORT)",
    )
    dev.add_argument("--data", type=Path, help="keep the data in this folder instead")
    dev.add_argument("--fresh", action="store_true", help="forget the kept data and start empty")

    api = _CommandParser(add_help=False)  # parents of the subparsers share their class (typeshed)
    api.add_argument(
        "--api-url",
        default=os.environ.get("MEDIAPIPE_API_URL"),
        help="default: MEDIAPIPE_API_URL, else the local stack's (see --port)",
    )
    api.add_argument("--port", type=int, help="the local stack on this port (default: the one running)")
    api.add_argument("--api-key", default=None, help="default: MEDIAPIPE_API_KEY, else the local stack's key")
    api.add_argument("--json", action="store_true", help="print JSON instead of tables")

    login = commands.add_parser(
        "login", parents=[api], help="sign in (MEDIAPIPE_EMAIL/_PASSWORD skip the prompts)"
    )
    login.add_argument("--email", help="default: MEDIAPIPE_EMAIL, else asked")
    commands.add_parser("logout", parents=[api], help="sign out: forget and revoke the stored session")
    commands.add_parser("whoami", parents=[api], help="who the stored session is")
    commands.add_parser("token", parents=[api], help="print a current ID token (for curl or the playground)")

    upload = commands.add_parser("upload", parents=[api], help="upload files, with a progress bar each")
    upload.add_argument("files", nargs="+", type=Path, metavar="FILE")
    upload.add_argument("--preset", help="processing preset (see `mediapipe presets`)")
    upload.add_argument("--wait", action="store_true", help="wait until each file is processed")
    upload.add_argument("--timeout", type=float, default=300.0, help="seconds to wait per file (default 300)")
    upload.add_argument("--content-type", help="declare this type instead of detecting it")
    upload.add_argument("--parallel", type=int, default=4, help="files uploaded at once (default 4)")

    watch = commands.add_parser(
        "watch", parents=[api], help="follow changes live: one item until it is finished, else all yours"
    )
    watch.add_argument("id", nargs="?", help="the item to follow (default: every item of yours)")

    ls = commands.add_parser("ls", parents=[api], help="list your media, newest first (or --sort)")
    ls.add_argument("--status", choices=STATUSES)
    ls.add_argument("--kind", choices=KINDS, type=str.upper)
    ls.add_argument("--tag", help="only items with this tag")
    ls.add_argument("--search", help="only items whose filename contains this (ignoring case)")
    ls.add_argument("--sort", choices=SORTS, type=str.upper, default="NEWEST")
    ls.add_argument("--first", type=int, default=20)
    ls.add_argument("--after", help="cursor from a previous page")

    status = commands.add_parser("status", parents=[api], help="show one item and its variants")
    status.add_argument("id")

    trace = commands.add_parser(
        "trace", parents=[api], help="an item's life: each event, the time since the one before, the total"
    )
    trace.add_argument("id")

    commands.add_parser("presets", parents=[api], help="list the processing presets")
    commands.add_parser(
        "usage", parents=[api], help="what you store against your quota, and its estimated cost"
    )

    retry = commands.add_parser("retry", parents=[api], help="process a FAILED item again")
    retry.add_argument("id")

    reprocess = commands.add_parser(
        "reprocess",
        parents=[api],
        help="remake outputs with a preset: the items named, else a backfill of every item selected",
    )
    reprocess.add_argument("ids", nargs="*", metavar="ID", help="these items (default: all selected)")
    reprocess.add_argument("--preset", help="the preset to remake them with (default: each item's own)")
    reprocess.add_argument(
        "--status", action="append", choices=["READY", "REJECTED"], help="select by status (default READY)"
    )
    reprocess.add_argument(
        "--kind", action="append", choices=["image", "video", "audio"], help="select by kind (default all)"
    )
    reprocess.add_argument("--batch", type=_positive, default=10, help="requests per batch (default 10)")
    reprocess.add_argument("--pause", type=float, default=1.0, help="seconds between batches (default 1.0)")

    delete = commands.add_parser("rm", parents=[api], help="delete an item, its original and variants")
    delete.add_argument("id")

    rename = commands.add_parser("rename", parents=[api], help="give an item another filename")
    rename.add_argument("id")
    rename.add_argument("filename")

    tag = commands.add_parser("tag", parents=[api], help="add tags to an item (--remove some, --clear all)")
    tag.add_argument("id")
    tag.add_argument("tags", nargs="*", metavar="TAG", help="tags to add")
    tag.add_argument("--remove", nargs="+", default=[], metavar="TAG", help="tags to remove")
    tag.add_argument("--clear", action="store_true", help="remove every tag first")

    _add_webhooks(commands, api)

    local = _CommandParser(add_help=False)
    local.add_argument("--port", type=int, help="the local stack's port (default: the one running)")
    local.add_argument(
        "--state-file", type=Path, help="the local stack's state file (default .mediapipe/dev-PORT.json)"
    )

    redrive = commands.add_parser(
        "redrive", parents=[local], help="move dead-lettered jobs back onto the jobs queue"
    )
    redrive.add_argument("--dlq-url", help="a deployed stack's DLQ URL (uses your AWS credentials)")
    redrive.add_argument("--queue-url", help="with --copy: the jobs queue to copy into")
    redrive.add_argument("--copy", action="store_true", help="copy message by message instead of a move task")
    redrive.add_argument("--max", type=int, default=None, help="move at most this many")
    redrive.add_argument("--table", help="with --dlq-url: the media table, for the audit log (stack output)")
    redrive.add_argument("--uploads-bucket", help="with --dlq-url: the uploads bucket (stack output)")

    stats = commands.add_parser(
        "stats", parents=[local], help="the local stack's metrics: counts, p50/p95 per kind and step"
    )
    stats.add_argument("--last", type=_positive, default=100, help="over the last N items (default 100)")
    stats.add_argument("--json", action="store_true", help="print JSON instead of tables")

    process = commands.add_parser("process", help="process local files offline, exactly as the pipeline does")
    process.add_argument("files", nargs="+", type=Path, metavar="FILE")
    process.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output directory: a folder per file, named for its stem (x, then x-2 for a later x.*)",
    )
    process.add_argument("--preset", default=None, help="preset name (default: the default preset)")
    process.add_argument("--json", action="store_true", help="print each file's outcome as JSON")
    return parser


def _add_webhooks(commands: Any, api: argparse.ArgumentParser) -> None:
    """The `webhooks` command and its subcommands, each taking the API flags (`api`)."""
    webhooks = commands.add_parser("webhooks", help="your webhook endpoints and their deliveries")
    actions = webhooks.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser(
        "add", parents=[api], help="register an endpoint; prints its signing secret once"
    )
    add.add_argument("url")
    add.add_argument(
        "--event",
        action="append",
        required=True,
        choices=[event.value for event in WebhookEvent],
        help="an event to send (repeatable)",
    )
    add.add_argument("--description", default="")
    actions.add_parser("ls", parents=[api], help="list your endpoints and how they are doing")
    for name, what in (
        ("rm", "delete an endpoint"),
        ("rotate", "a new signing secret (printed once; the old one also signs for 24 h)"),
        ("enable", "enable an endpoint again after it was disabled"),
        ("deliveries", "an endpoint's newest deliveries"),
    ):
        actions.add_parser(name, parents=[api], help=what).add_argument("id", metavar="ID")
    redeliver = actions.add_parser("redeliver", parents=[api], help="send a finished delivery again")
    redeliver.add_argument("id", metavar="DELIVERY_ID")


def _profile(text: str) -> str:
    from app.local.data_folder import check_profile

    try:
        return check_profile(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from app.client.api import ApiError
    from app.client.failure import fail

    try:
        return _dispatch(args)
    except ApiError as error:  # one the command's own handling does not see: finding the stack
        return fail(error)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "dev":
        from app.local.data_folder import data_folder
        from app.local.stack import DevOptions, api_keys_from_env, run_dev

        data = data_folder(args.port, profile=args.profile, data=args.data)
        run_dev(
            DevOptions(
                host=args.host,
                port=args.port,
                api_keys=api_keys_from_env(),
                workers=args.workers,
                state_file=args.state_file,
                verbose=args.verbose,
                data=data,
                fresh=args.fresh,
            )
        )
        return 0
    if args.command == "redrive":
        from app.client.redrive import run_redrive

        return run_redrive(args)
    if args.command == "stats":
        from app.client.stats import run_stats

        return run_stats(args)
    if args.command == "process":
        from app.client.offline import process_files

        return process_files(args.files, args.out, args.preset, as_json=args.json)

    from app.client.local_stack import find_local_stack

    args.api_url = args.api_url or find_local_stack(args.port).graphql_url
    if args.command in {"login", "logout", "whoami", "token"}:
        from app.client.account import run_account

        return run_account(args)
    from app.client.commands import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
