"""`make load`: a burst of uploads and concurrent GraphQL readers against the embedded stack.

Not a test: it reports throughput, latency percentiles and the error rate, and checks that every
upload ends READY. By default it starts its own stack (`mediapipe dev --port 0`); point it at a
running one with --state-file (its users are created there, one per client). Results and method:
docs/performance.md.

    python bench/load.py [--uploads 200] [--clients 8] [--readers 4] [--workers 2]
                          [--follow live|poll] [--json]

Each uploaded item is followed to its end as the UI and the CLI follow it: by default over live
updates (one WebSocket per client, `mediaUpdated` for all its items), or with --follow poll by
polling `media(id)`, as they did before live updates existed (and still do without a socket).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from PIL import Image, ImageDraw

if TYPE_CHECKING:
    from app.client.api import Endpoint

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from app.domain.status import TERMINAL  # noqa: E402  (StrEnum members: they equal the API's strings)

CREATE = """mutation($in: CreateUploadInput!) {
  createUpload(input: $in) { media { id } upload { url fields } }
}"""
LIST = "query($first: Int) { mediaList(first: $first) { nodes { id status } } }"
MEDIA = "query($id: ID!) { media(id: $id) { id status } }"
LIVE = "subscription { mediaUpdated { id status } }"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def timed(self, name: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.latencies.setdefault(name, []).append(seconds)
        if not ok:
            self.errors[name] = self.errors.get(name, 0) + 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{name}: {detail}"[:300])

    def summary(self) -> list[dict[str, Any]]:
        rows = []
        for name, values in self.latencies.items():
            ordered = sorted(values)
            rows.append(
                {
                    "operation": name,
                    "count": len(values),
                    "errors": self.errors.get(name, 0),
                    "p50_ms": round(statistics.median(ordered) * 1000, 1),
                    "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 1),
                }
            )
        return rows


def photos(count: int, size: tuple[int, int] = (1600, 1200)) -> list[bytes]:
    """Distinct photo-like JPEGs: gradients and shapes, so encoders have real work to do."""
    rng = random.Random(7)
    made = []
    for _ in range(count):
        image = Image.linear_gradient("L").resize(size).convert("RGB")
        draw = ImageDraw.Draw(image)
        for _ in range(40):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            draw.ellipse((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300)), fill=colour)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        made.append(buffer.getvalue())
    return made


async def graphql(http: httpx.AsyncClient, user: Endpoint, query: str, variables: dict[str, Any]) -> Any:
    body = {"query": query, "variables": variables}
    response = await http.post(user.graphql_url, json=body, headers=user.headers())
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"{response.status_code}: {body.get('errors')}")
    return body["data"]


async def uploader(
    http: httpx.AsyncClient,
    user: Endpoint,
    files: list[bytes],
    stats: Stats,
    started: dict[str, float],
    done: dict[str, str],
    watches: list[asyncio.Task[None]],
    follower: Follower | None,
) -> None:
    """`follower`: the client's live updates; None, poll each item instead."""
    for n, data in enumerate(files):
        t0 = time.perf_counter()
        try:
            variables = {"in": {"filename": f"load-{n}.jpg", "contentType": "image/jpeg", "size": len(data)}}
            created = (await graphql(http, user, CREATE, variables))["createUpload"]
            stats.timed("createUpload", time.perf_counter() - t0, True)
        except Exception as error:
            stats.timed("createUpload", time.perf_counter() - t0, False, repr(error))
            continue
        t1 = time.perf_counter()
        upload = created["upload"]
        response = await http.post(
            upload["url"], data=upload["fields"], files={"file": ("f.jpg", data, "image/jpeg")}
        )
        stats.timed(
            "presigned POST", time.perf_counter() - t1, response.status_code == 204, response.text[:200]
        )
        if response.status_code == 204:
            media_id = created["media"]["id"]
            started[media_id] = t0
            follow = (
                follower.wait(media_id, t0, stats, done)
                if follower
                else watch(http, user, media_id, t0, stats, done)
            )
            watches.append(asyncio.create_task(follow))


async def watch(
    http: httpx.AsyncClient, user: Endpoint, media_id: str, t0: float, stats: Stats, done: dict[str, str]
) -> None:
    """Poll one item as the UI and the CLI do: soon at first, then backing off to every 5 s."""
    interval = 0.5
    while True:
        await asyncio.sleep(interval)
        interval = min(interval * 1.5, 5.0)
        t1 = time.perf_counter()
        try:
            media = (await graphql(http, user, MEDIA, {"id": media_id}))["media"]
        except Exception as error:
            stats.timed("media (status poll)", time.perf_counter() - t1, False, repr(error))
            continue
        stats.timed("media (status poll)", time.perf_counter() - t1, True)
        if media and media["status"] in TERMINAL:
            done[media_id] = media["status"]
            stats.timed("upload -> terminal", time.perf_counter() - t0, media["status"] == "READY")
            return


class Follower:
    """One client's live updates: a graphql-transport-ws connection subscribed to all its items,
    telling each waiting item when it is finished (pushes for an item not waited for yet are kept)."""

    def __init__(self, url: str, user: Endpoint) -> None:
        self._url, self._user = url, user
        self._finished: dict[str, str] = {}
        self._waiting: dict[str, asyncio.Future[str]] = {}
        self.pushes = 0

    async def __aenter__(self) -> Follower:
        from websockets.asyncio.client import connect

        assert self._user.id_token is not None
        self._socket = await connect(self._url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        init = {"type": "connection_init", "payload": {"Authorization": f"Bearer {self._user.id_token()}"}}
        await self._socket.send(json.dumps(init))
        assert json.loads(await self._socket.recv())["type"] == "connection_ack"
        await self._socket.send(json.dumps({"id": "all", "type": "subscribe", "payload": {"query": LIVE}}))
        self._reading = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        self._reading.cancel()
        await self._socket.close()

    async def _read(self) -> None:
        async for raw in self._socket:
            message = json.loads(raw)
            if message.get("type") != "next":
                continue
            self.pushes += 1
            media = message["payload"]["data"]["mediaUpdated"]
            if media["status"] in TERMINAL:
                self._finished[media["id"]] = media["status"]
                if (waiter := self._waiting.pop(media["id"], None)) is not None and not waiter.done():
                    waiter.set_result(media["status"])

    async def wait(self, media_id: str, t0: float, stats: Stats, done: dict[str, str]) -> None:
        status = self._finished.get(media_id)
        if status is None:
            self._waiting[media_id] = asyncio.get_running_loop().create_future()
            status = await self._waiting[media_id]
        done[media_id] = status
        stats.timed("upload -> terminal", time.perf_counter() - t0, status == "READY")


async def reader(http: httpx.AsyncClient, user: Endpoint, stats: Stats, until: asyncio.Event) -> None:
    """Concurrent GraphQL traffic while the burst is processed, as UIs browsing would make."""
    while not until.is_set():
        t0 = time.perf_counter()
        try:
            await graphql(http, user, LIST, {"first": 20})
            stats.timed("mediaList (reader)", time.perf_counter() - t0, True)
        except Exception as error:
            stats.timed("mediaList (reader)", time.perf_counter() - t0, False, repr(error))
        await asyncio.sleep(0.5)  # a browsing UI, not a flood: ~2 queries per second per reader


async def run_load(
    users: list[Endpoint], uploads: int, clients: int, readers: int, timeout: float, live_url: str | None
) -> dict[str, Any]:
    """`live_url`: follow the items over live updates there; None, by polling."""
    files = photos(min(uploads, 12))
    stats = Stats()
    started: dict[str, float] = {}
    done: dict[str, str] = {}
    shares = [[files[i % len(files)] for i in range(n, uploads, clients)] for n in range(clients)]
    limits = httpx.Limits(max_connections=clients * 2 + readers + 16)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        began = time.perf_counter()
        stop_readers = asyncio.Event()
        reading = [
            asyncio.create_task(reader(http, users[n % len(users)], stats, stop_readers))
            for n in range(readers)
        ]
        watches: list[asyncio.Task[None]] = []
        async with contextlib.AsyncExitStack() as sockets:
            followers = [
                await sockets.enter_async_context(Follower(live_url, users[n % len(users)]))
                if live_url
                else None
                for n in range(clients)
            ]
            await asyncio.gather(
                *(
                    uploader(http, users[n % len(users)], share, stats, started, done, watches, followers[n])
                    for n, share in enumerate(shares)
                )
            )
            sent = time.perf_counter() - began
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*watches), timeout)
            pushes = sum(f.pushes for f in followers if f is not None)
        elapsed = time.perf_counter() - began
        stop_readers.set()
        await asyncio.gather(*reading)
    ready = sum(1 for status in done.values() if status == "READY")
    requests = sum(len(v) for v in stats.latencies.values()) - len(
        stats.latencies.get("upload -> terminal", [])
    )
    errors = sum(stats.errors.values())
    return {
        "uploads": uploads,
        "clients": clients,
        "readers": readers,
        "accepted": len(started),
        "ready": ready,
        "not_ready": uploads - ready,
        "burst_seconds": round(sent, 2),
        "total_seconds": round(elapsed, 2),
        "items_per_second": round(ready / elapsed, 2) if elapsed else 0.0,
        "follow": "live" if live_url else "poll",
        "requests": requests,
        "live_pushes": pushes,
        "error_rate": round(errors / max(1, requests + len(done)), 4),
        "operations": stats.summary(),
        "error_samples": stats.error_samples,
    }


@contextmanager
def local_stack(workers: int, uploads_per_user: int) -> Iterator[dict[str, Any]]:
    from app.client.launcher import launch

    # The run measures throughput, not the per-person work budget: give each user room for its share.
    env = {"MEDIAPIPE_WORK_BURST": str(max(100, uploads_per_user))}
    with tempfile.TemporaryDirectory() as tmp:
        running = launch(Path(tmp) / "state.json", api_keys=["load-app-key"], workers=workers, env=env)
        try:
            yield running.state
        finally:
            running.stop(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8, help="concurrent uploading clients (one user each)")
    parser.add_argument("--readers", type=int, default=4, help="concurrent GraphQL readers")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the stack this starts")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for every item")
    parser.add_argument("--state-file", type=Path, help="a running local stack's state (default: start one)")
    parser.add_argument(
        "--follow", choices=("live", "poll"), default="live", help="how items are followed to their end"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    def go(state: dict[str, Any]) -> dict[str, Any]:
        from app.client.launcher import user_endpoint
        from app.client.live import realtime_url

        users = [user_endpoint(state, f"load-{n}@example.com") for n in range(args.clients)]
        live_url = realtime_url(state["graphqlUrl"]) if args.follow == "live" else None
        return asyncio.run(run_load(users, args.uploads, args.clients, args.readers, args.timeout, live_url))

    if args.state_file:
        result = go(json.loads(args.state_file.read_text()))
    else:
        with local_stack(args.workers, -(-args.uploads // args.clients)) as state:
            result = go(state)
    result["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "workers": args.workers}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{result['ready']}/{result['uploads']} READY in {result['total_seconds']} s "
            f"({result['items_per_second']} items/s; burst sent in {result['burst_seconds']} s), "
            f"error rate {result['error_rate']:.2%}; followed by {result['follow']}: "
            f"{result['requests']} requests, {result['live_pushes']} pushes"
        )
        for sample in result["error_samples"]:
            print(f"  error: {sample}")
        for row in result["operations"]:
            print(
                f"  {row['operation']:22} n={row['count']:5}  errors={row['errors']:3}  "
                f"p50={row['p50_ms']:8.1f} ms  p99={row['p99_ms']:8.1f} ms"
            )
    sys.exit(0 if result["not_ready"] == 0 else 1)


if __name__ == "__main__":
    main()
