"""The API Lambda's composition root: API Gateway (REST) event -> Mangum -> Starlette -> Strawberry.

This is where adapters are wired into the service (the local stack reuses `graphql_app`). Heavy
imports happen inside the builders, so importing this module is cheap; the app is built on a
container's first invocation and reused while it stays warm.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger

    from app.adapters.dynamodb_connections import DynamoConnections
    from app.adapters.websocket_push import ConnectionsApi
    from app.domain.delivery import MediaLinks
    from app.domain.service import MediaService
    from app.domain.webhook_service import WebhookService
    from app.graphql.asgi import GraphQLApp
    from app.graphql.live import LiveDocuments
    from app.settings import Settings


WORK_BUDGET = "work"
# Lambda's variable for the invocation's trace header: "Root=1-...;Parent=...;Sampled=1".
TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID"

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def current_trace_id() -> str | None:
    """The Root of this invocation's X-Ray trace, or None outside a traced Lambda."""
    for part in os.environ.get(TRACE_HEADER_VARIABLE, "").split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "Root" and value:
            return value.strip()
    return None


def media_links(settings: Settings) -> MediaLinks:
    """Signed variant URLs; the key is read from Secrets Manager on the first URL, not at start."""
    from app.adapters.cloudfront_signing import CloudFrontUrlSigner
    from app.adapters.signing_key import SecretsManagerKey
    from app.domain.delivery import MediaLinks

    signer = CloudFrontUrlSigner(
        settings.url_signing_key_id, SecretsManagerKey(settings.url_signing_secret_id).private_key
    )
    return MediaLinks(settings.cdn_base_url, signer, ttl_s=settings.media_url_ttl_seconds, clock=utc_now)


def media_service(settings: Settings) -> MediaService:
    from app.adapters.cloudfront_invalidation import CloudFrontInvalidator, NoCdn
    from app.adapters.dynamodb_budget import DynamoBudget
    from app.adapters.dynamodb_repository import DynamoMediaRepository
    from app.adapters.emf_metrics import EmfMetrics, powertools_metrics
    from app.adapters.ids import new_media_id
    from app.adapters.s3_storage import S3MediaStorage
    from app.adapters.sqs_queue import SqsJobQueue
    from app.domain.service import MediaService, UploadPolicy

    policy = UploadPolicy(
        allowed_types=settings.accepted_types,
        limits=settings.limits,
        presets=settings.presets,
        default_preset=settings.default_preset,
        url_expires_s=settings.upload_url_expires_seconds,
        quota=settings.quota,
    )
    return MediaService(
        DynamoMediaRepository(settings.table_name),
        S3MediaStorage(settings.uploads_bucket, settings.processed_bucket),
        SqsJobQueue(settings.jobs_queue_url),
        policy,
        # Deletes invalidate the CDN's copies, where there is a CDN.
        cdn=CloudFrontInvalidator(settings.cdn_distribution_id) if settings.cdn_distribution_id else NoCdn(),
        clock=utc_now,
        new_id=new_media_id,
        prices=settings.prices,
        # In the table, not in memory: every API Lambda instance spends from the owner's one bucket.
        work=DynamoBudget(settings.table_name, WORK_BUDGET, settings.work_rate),
        audit=settings.audit_retention,
        metrics=EmfMetrics(powertools_metrics()),
        trace_id=current_trace_id,
    )


def webhook_service(settings: Settings) -> WebhookService:
    """Owners' webhook endpoints (the API) and media changes to deliveries (the notifier: its
    composition root builds the same with this recipe and calls `on_change` for every change)."""
    from app.adapters.dynamodb_webhooks import DynamoWebhookStore
    from app.adapters.ids import new_media_id
    from app.adapters.sqs_queue import SqsWebhookQueue
    from app.domain.webhook_service import WebhookService
    from app.domain.webhook_targets import TargetPolicy

    return WebhookService(
        DynamoWebhookStore(settings.table_name),
        SqsWebhookQueue(settings.webhook_queue_url),
        clock=utc_now,
        new_id=new_media_id,
        targets=TargetPolicy(allow_loopback=settings.webhook_allow_loopback),
    )


def live_parts(settings: Settings) -> tuple[DynamoConnections, ConnectionsApi, LiveDocuments]:
    """What the realtime function and the notifier share: the realtime table, the @connections
    API, and the schema that checks and answers subscriptions."""
    from app.adapters.dynamodb_connections import DynamoConnections
    from app.adapters.websocket_push import ConnectionsApi
    from app.graphql.live import LiveDocuments
    from app.graphql.schema import build_schema

    if settings.realtime_table_name is None or settings.websocket_endpoint is None:
        raise RuntimeError("MEDIAPIPE_REALTIME_TABLE_NAME and MEDIAPIPE_WEBSOCKET_ENDPOINT must be set")
    return (
        DynamoConnections(settings.realtime_table_name),
        ConnectionsApi(settings.websocket_endpoint),
        LiveDocuments(build_schema(introspection=settings.introspection), media_links(settings)),
    )


def graphql_app(
    settings: Settings,
    *,
    playground_headers: dict[str, str] | None = None,
    playground_built: bool = True,
) -> GraphQLApp:
    """`playground_built` defaults to True for Lambda: the playground's files are in the UI's bucket,
    on the same CloudFront origin as /graphql (app/graphql/playground.py)."""
    from app.graphql.asgi import GraphQLApp

    return GraphQLApp(
        media_service(settings),
        links=media_links(settings),
        introspection=settings.introspection,
        playground=settings.playground,
        playground_headers=playground_headers,
        playground_built=playground_built,
        webhooks=webhook_service(settings),
    )


@cache
def _mangum() -> Any:
    from mangum import Mangum

    from app.graphql.asgi import create_api
    from app.graphql.auth import CognitoClaims
    from app.settings import Settings

    return Mangum(create_api(graphql_app(Settings.from_env()), CognitoClaims()), lifespan="off")


@cache
def logger() -> Logger:
    """The function's logger (service from POWERTOOLS_SERVICE_NAME, which the stack sets); the app's
    own lines (plain `logging` under `app`) go through it, with its keys. Built on the first request,
    like the tracer: importing Powertools imports botocore."""
    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.logging.utils import copy_config_to_registered_loggers

    function_logger = Logger()
    logging.getLogger("app")  # registered, so that its configuration can be copied
    copy_config_to_registered_loggers(source_logger=function_logger, include={"app"})
    return function_logger


@cache
def _traced() -> Handler:
    """The handler under Powertools' Tracer: off outside Lambda (and locally, by
    POWERTOOLS_TRACE_DISABLED); in Lambda it continues the trace the API stage began."""
    from aws_lambda_powertools import Tracer

    # boto3's calls only, as in the processor (processors/handler.py says why).
    tracer = Tracer(patch_modules=["botocore"])
    traced: Handler = tracer.capture_lambda_handler(_serve, capture_response=False)
    return traced


def _serve(event: dict[str, Any], context: Any) -> dict[str, Any]:
    # API Gateway's request id, the one its access log and the caller's error report show, on every
    # line of this request.
    request_id = (event.get("requestContext") or {}).get("requestId")
    logger().append_keys(request_id=request_id)
    try:
        response: dict[str, Any] = _mangum()(event, context)
    finally:
        logger().remove_keys(["request_id"])
    return response


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _traced()(event, context)
