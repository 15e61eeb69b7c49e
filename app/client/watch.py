"""Following items as they change: over live updates while the socket is up, reconnecting with
backoff and catching up with a query after every gap (a change pushed while the socket was down is
never resent); by polling only when live updates cannot be opened at all."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from app.client.api import ApiError, MediaPipeClient
from app.client.live import LiveUpdates, realtime_url
from app.domain.status import TERMINAL

Connect = Callable[[], LiveUpdates]
CatchUp = Callable[[], list[dict[str, Any]]]
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)
TICK_S = 1.0  # how often a quiet feed looks at its deadline


def connector(client: MediaPipeClient) -> Connect:
    """Live updates for the client's signed-in user, at the stack's realtimeUrl (asked once)."""
    id_token = client.endpoint.id_token
    if id_token is None:
        raise ApiError("Live updates need a signed-in user: run `mediapipe login`", "UNAUTHENTICATED")
    url = realtime_url(client.api_url)
    return lambda: LiveUpdates(url, id_token)


class LiveUnavailable(Exception):
    """Live updates could not be opened even once: the caller polls instead."""


def feed(
    connect: Connect,
    media_id: str | None,
    catch_up: CatchUp,
    *,
    until: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[dict[str, Any]]:
    """Each change of the item (or of all the user's items), newest only: one the feed has seen as
    new or newer is not given again. Ends at `until` (time.monotonic())."""
    newest: dict[str, str] = {}
    connected_once, failures = False, 0

    def fresh(item: dict[str, Any]) -> bool:
        if item["updatedAt"] <= newest.get(item["id"], ""):
            return False
        newest[item["id"]] = item["updatedAt"]
        return True

    while until is None or time.monotonic() < until:
        try:
            with connect() as live:
                live.subscribe(media_id)
                connected_once, failures = True, 0
                # After subscribing: a change between the two is in one or the other, or both.
                yield from (item for item in catch_up() if fresh(item))
                while until is None or time.monotonic() < until:
                    item = live.next(TICK_S)
                    if item is not None and fresh(item):
                        yield item
        except ApiError as error:
            if error.code != "UNREACHABLE":
                raise
            if not connected_once:
                raise LiveUnavailable(error.message) from error
            sleep(BACKOFF_S[min(failures, len(BACKOFF_S) - 1)])
            failures += 1


def wait_live(client: MediaPipeClient, media_id: str, connect: Connect, *, timeout: float) -> dict[str, Any]:
    """The item once it is terminal (or as it is when `timeout` passes), as `client.wait` gives it."""
    until = time.monotonic() + timeout

    def current() -> list[dict[str, Any]]:
        item = client.media(media_id)
        if item is None:
            raise ApiError(f"Media {media_id} disappeared", "NOT_FOUND")
        return [item]

    try:
        for item in feed(connect, media_id, current, until=until):
            if item["status"] in TERMINAL:
                return item
    except LiveUnavailable:
        return client.wait(media_id, timeout=max(0.0, until - time.monotonic()))
    return current()[0]


def watch(client: MediaPipeClient, args: argparse.Namespace) -> int:
    """`mediapipe watch [ID]`: a line per change as it happens (`--json`: the Media, one per line),
    until the item is finished, or for all the user's items until Ctrl-C."""
    media_id: str | None = args.id

    def catch_up() -> list[dict[str, Any]]:
        if media_id is not None:
            item = client.media(media_id)
            if item is None:
                raise ApiError(f"No media with id {media_id!r}.", "NOT_FOUND")
            return [item]
        return [edge["node"] for edge in reversed(client.media_list(first=CATCH_UP_ITEMS)["edges"])]

    try:
        for item in feed(connector(client), media_id, catch_up):
            _show(item, as_json=args.json)
            if media_id is not None and item["status"] in TERMINAL:
                return 0 if item["status"] == "READY" else 1
    except LiveUnavailable as unavailable:
        raise ApiError(f"Live updates are not available here: {unavailable}", "UNREACHABLE") from unavailable
    except KeyboardInterrupt:
        return 0
    return 0


CATCH_UP_ITEMS = 20  # after a gap in `watch` of all items: the newest, which is where changes are


def _show(item: dict[str, Any], *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(item), flush=True)
        return
    error = item.get("error") or {}
    detail = f"  {error.get('code')}: {error.get('message')}" if error else ""
    variants = len(item.get("variants") or [])
    print(
        f"{item['updatedAt'][11:19]}  {item['id']}  {item['status']:<15} {item['filename']}"
        f"  ({variants} variants){detail}",
        flush=True,
    )
