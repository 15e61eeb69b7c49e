"""The UI's files in the frontend bucket, and `config.json`, which tells the built UI where its API
and its live updates are.

The UI is a static Vite build (`ui/dist`); when it has not been built, a placeholder page says so,
so a deployment never serves an empty bucket. `index.html` and `config.json` are never cached;
Vite's hashed assets are immutable. The GraphQL playground's files are here too: CloudFront serves
them on the same origin as the API's GET /graphql page that loads them.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

NO_CACHE = "no-cache, max-age=0"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>media-pipeline</title></head>
<body><h1>media-pipeline</h1>
<p>The UI was not built when this stack was deployed: run <code>make ui</code> (or
<code>npm run build</code> in <code>ui/</code>), then <code>pulumi up</code> again.
The API answers at <a href="/healthz">/healthz</a>.</p></body></html>
"""


# The playground's entry files keep fixed names, for the API's GET /graphql page to name them
# (app/graphql/playground.py): they change with each build, so they are revalidated, never immutable.
PLAYGROUND_ENTRIES = frozenset({"assets/playground.js", "assets/playground.css"})


def cache_control(key: str) -> str:
    if key in {"index.html", "config.json"} or key.endswith(".html") or key in PLAYGROUND_ENTRIES:
        return NO_CACHE
    if key.startswith("assets/"):
        return IMMUTABLE  # Vite puts content hashes in these names
    return SHORT


def content_type(key: str) -> str:
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"


def ui_files(dist: Path) -> list[tuple[str, Path]]:
    """(key, path) for every file of the build, sorted, `config.json` left to the program."""
    if not dist.is_dir():
        return []
    return [
        (path.relative_to(dist).as_posix(), path)
        for path in sorted(dist.rglob("*"))
        if path.is_file() and path.relative_to(dist).as_posix() != "config.json"
    ]


def runtime_config(
    api_url: str, api_key: str, environment: str, auth: Mapping[str, str], realtime_url: str
) -> str:
    """`auth` says how to sign in (identity.py's `sign_in_config`); the embedded stack adds `endpoint`.
    `realtimeUrl` is where live updates are (the WebSocket API's stage, websocket.py)."""
    found = {
        "apiUrl": api_url,
        "apiKey": api_key,
        "environment": environment,
        "auth": dict(auth),
        "realtimeUrl": realtime_url,
    }
    return json.dumps(found, indent=2) + "\n"


@dataclass(frozen=True)
class SiteContentArgs:
    bucket: pulumi.Input[str]
    ui_dist: Path
    api_url: pulumi.Input[str]
    api_key: pulumi.Input[str]
    environment: str
    auth: pulumi.Input[Mapping[str, str]]
    realtime_url: pulumi.Input[str]


class SiteContent(pulumi.ComponentResource):
    """Uploads the built UI (or a placeholder) and writes its runtime configuration."""

    def __init__(self, name: str, args: SiteContentArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:frontend:SiteContent", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        files = ui_files(args.ui_dist)
        for key, path in files:
            aws.s3.BucketObjectv2(
                f"{name}-{key}",
                bucket=args.bucket,
                key=key,
                source=pulumi.FileAsset(str(path)),
                content_type=content_type(key),
                cache_control=cache_control(key),
                opts=child,
            )
        if not files:
            pulumi.log.warn(f"{args.ui_dist} not found: deploying a placeholder page instead of the UI")
            aws.s3.BucketObjectv2(
                f"{name}-index.html",
                bucket=args.bucket,
                key="index.html",
                content=PLACEHOLDER,
                content_type="text/html",
                cache_control=NO_CACHE,
                opts=child,
            )
        # The UI needs its key in the browser: it meters the UI's usage plan and says nobody's identity,
        # so it is no secret; nor is the user pool's public client id.
        self.config = aws.s3.BucketObjectv2(
            f"{name}-config.json",
            bucket=args.bucket,
            key="config.json",
            content=pulumi.Output.all(args.api_url, args.api_key, args.auth, args.realtime_url).apply(
                lambda v: runtime_config(v[0], v[1], args.environment, v[2], v[3])
            ),
            content_type="application/json",
            cache_control=NO_CACHE,
            opts=child,
        )
        self.register_outputs({"ui_files": len(files), "placeholder": not files})
