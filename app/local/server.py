"""The embedded stack's web server: the API plus what API Gateway, CloudFront and the frontend bucket
do in AWS (the authorizer in front of /graphql, `/media/...` from the processed bucket behind the same
signed-URL check, the built UI with its `/config.json`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from app import realtime_handler
from app.adapters.aws import s3_client
from app.adapters.cloudfront_signing import SignatureRejected, verify_url
from app.adapters.cognito_tokens import TokenVerifier
from app.adapters.signing_key import SecretsManagerKey
from app.domain.delivery import cache_control
from app.domain.keys import MEDIA
from app.graphql.asgi import create_api
from app.graphql.auth import API_KEY_HEADER, AUTHORIZATION_HEADER, CognitoClaims
from app.graphql.guards import ASGIApp
from app.graphql.playground import is_built
from app.graphql.rate_limit import TokenBuckets
from app.handler import graphql_app
from app.local.authorizer import LocalAuthorizer, StaticKeys
from app.local.credentials import Credentials
from app.local.hosts import LOOPBACK_NAMES
from app.local.identity import LocalUserPool
from app.local.websockets import LocalWebSocketApi
from app.settings import Settings

# What the local /media route reads from S3 at a time, as it sends it on.
MEDIA_CHUNK = 1024 * 1024
UI_DIST = Path(__file__).resolve().parents[2] / "ui" / "dist"

LANDING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>media-pipeline</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style>
</head><body><h1>media-pipeline is running</h1>
<p>The web UI has not been built yet (<code>make ui</code>). Meanwhile:</p>
<ul>{graphql}
<li><a href="/healthz">Health check</a></li></ul></body></html>"""
PLAYGROUND_LINK = (
    '<li><a href="/graphql">GraphQL playground</a> (the API key is filled in; add an ID token)</li>'
)
NO_PLAYGROUND = (
    "<li>GraphQL at <code>/graphql</code>: POST only, the playground is off (MEDIAPIPE_PLAYGROUND)</li>"
)


def landing_page(playground: bool) -> str:
    """Shown while the UI is unbuilt; like the banner, it offers the playground only when it is on."""
    return LANDING.replace("{graphql}", PLAYGROUND_LINK if playground else NO_PLAYGROUND)


class SinglePageApp(StaticFiles):
    """Static files, with index.html for any unknown path so client-side routes survive a reload."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            return await super().get_response("index.html", scope)


def create_local_app(
    settings: Settings,
    api_keys: list[str],
    pool: LocalUserPool,
    *,
    rate_limit: tuple[int, int] | None = None,
    ui_dist: Path | None = UI_DIST,
    hosts: Sequence[str] = LOOPBACK_NAMES,
    credentials: Credentials | None = None,
) -> Starlette:
    """`rate_limit` is (requests per minute, burst) per user, as the deployed usage plan allows;
    `hosts` the names (Host header, without the port) the server answers to."""
    public_config = {
        "apiUrl": "/graphql",
        "apiKey": api_keys[0],  # the app's key: it meters the UI, it is not a secret of anyone's
        "environment": "local",
        # The WebSocket at the same path (ws:// on this origin): API Gateway's WebSocket API in AWS.
        "realtimeUrl": "/graphql",
        "auth": {
            "region": pool.region,
            "userPoolId": pool.pool_id,
            "userPoolClientId": pool.ui_client_id,
            "cliClientId": pool.cli_client_id,
            "endpoint": pool.endpoint_url,
        },
    }

    async def config(_: Request) -> Response:
        # Deployed stacks write their own config.json next to the built UI.
        return JSONResponse(public_config)

    # The public half of the very key the API signs with, from the same secret.
    signing_key = SecretsManagerKey(settings.url_signing_secret_id)

    async def media(request: Request) -> Response:
        def serve() -> Response:
            try:
                verified = verify_url(
                    str(request.url),
                    trusted={settings.url_signing_key_id: signing_key.public_key()},
                    now=datetime.now(UTC),
                )
            except SignatureRejected as rejected:
                return Response(rejected.reason, status_code=403, media_type="text/plain")
            left = (verified.expires_at - datetime.now(UTC)).total_seconds()
            key = MEDIA + request.path_params["key"]
            return _media_object(settings.processed_bucket, key, left, request.headers.get("range"))

        return await run_in_threadpool(serve)

    routes: list[BaseRoute] = [
        Route("/config.json", config, methods=["GET"]),
        Route("/media/{key:path}", media, methods=["GET", "HEAD"]),
    ]
    if credentials is not None:  # the WebSocket API, with the @connections API its functions call
        routes += LocalWebSocketApi(realtime_handler.handler, credentials, path="/graphql").routes()
    if ui_dist is not None and (ui_dist / "index.html").is_file():
        routes.append(Mount("/", SinglePageApp(directory=ui_dist, html=True)))
    else:
        page = landing_page(settings.playground)
        routes.append(Route("/", lambda _: HTMLResponse(page), methods=["GET"]))
    playground_headers = {API_KEY_HEADER: api_keys[0], AUTHORIZATION_HEADER: PLAYGROUND_TOKEN_HINT}
    # The playground's files come with the built UI, served at / above.
    built = ui_dist is not None and (ui_dist / "index.html").is_file() and is_built(ui_dist)
    graphql = graphql_app(settings, playground_headers=playground_headers, playground_built=built)
    keys, verifier = StaticKeys(api_keys), TokenVerifier(pool.user_pool())

    def gateway(app: ASGIApp) -> ASGIApp:
        return LocalAuthorizer(app, keys, verifier, open_get=graphql.playground)

    limiter = TokenBuckets(*rate_limit) if rate_limit else None
    app = create_api(graphql, CognitoClaims(), rate_limiter=limiter, extra_routes=routes, gateway=gateway)
    # A page on a rebound domain reaches 127.0.0.1 with its own name as Host (app.local.hosts); in
    # AWS, API Gateway and CloudFront answer only their own names too.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts), www_redirect=False)
    return app


PLAYGROUND_TOKEN_HINT = "Bearer <an ID token: `mediapipe token` prints yours after `mediapipe login`>"  # noqa: S105  # a hint, not a token


def _media_object(bucket: str, key: str, seconds_left: float, byte_range: str | None = None) -> Response:
    """The object, cacheable by the viewer only, and only while its URL is valid (what the CDN's
    viewer-response function does in AWS). A `Range` is answered as S3 and CloudFront answer it
    (206 with Content-Range; 416 for one outside the object), so players can seek."""
    s3 = s3_client()
    request: dict[str, Any] = {"Bucket": bucket, "Key": key}
    if byte_range:
        request["Range"] = byte_range
    try:
        found: Any = s3.get_object(**request)
    except s3.exceptions.NoSuchKey:
        return Response("Not found", status_code=404, media_type="text/plain")
    except s3.exceptions.ClientError as error:
        if error.response.get("Error", {}).get("Code") != "InvalidRange":
            raise
        return Response("Range not satisfiable", status_code=416, media_type="text/plain")
    headers = {
        "Cache-Control": cache_control(seconds_left),
        "ETag": found.get("ETag", ""),
        "Accept-Ranges": "bytes",
    }
    partial = "ContentRange" in found
    if partial:
        headers["Content-Range"] = found["ContentRange"]
    headers["Content-Length"] = str(found["ContentLength"])
    # Streamed as S3 sends it: a video's MP4 may be hundreds of megabytes.
    return StreamingResponse(
        found["Body"].iter_chunks(MEDIA_CHUNK),
        status_code=206 if partial else 200,
        media_type=found.get("ContentType"),
        headers=headers,
    )
