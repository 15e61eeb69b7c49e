"""The Lambdas' environment: the settings contract of `app/settings.py`, filled from the stack.

The names here must equal `app.settings.env_names()` minus the local-only ones (AWS_ENDPOINT_URL,
MEDIAPIPE_USER_POOL_JWKS_URL, which only the emulator's pool needs); a contract
test in tests/contract checks that, and that `Settings` parses exactly this environment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pulumi

from infra.config import StackConfig

PREFIX = "MEDIAPIPE_"


@dataclass(frozen=True)
class DataNames:
    """Where the data lives, as the functions should address it."""

    table_name: pulumi.Input[str]
    uploads_bucket: pulumi.Input[str]
    processed_bucket: pulumi.Input[str]
    jobs_queue_url: pulumi.Input[str]
    isolation_queue_url: pulumi.Input[str]
    dead_letter_queue_url: pulumi.Input[str]
    cdn_base_url: pulumi.Input[str]
    # Private delivery: the secret holding the URL-signing key, its CloudFront id, the distribution.
    url_signing_secret_id: pulumi.Input[str]
    url_signing_key_id: pulumi.Input[str]
    cdn_distribution_id: pulumi.Input[str]
    # Events out: the connections' table, the WebSocket stage's @connections endpoint, the user pool
    # whose ID tokens connection_init carries (its app clients' ids, comma-separated), the webhook
    # delivery queue.
    realtime_table_name: pulumi.Input[str]
    websocket_endpoint: pulumi.Input[str]
    user_pool_id: pulumi.Input[str]
    user_pool_client_ids: pulumi.Input[str]
    webhook_queue_url: pulumi.Input[str]


def _flag(value: bool) -> str:
    return "true" if value else "false"


def lambda_environment(config: StackConfig, names: DataNames) -> dict[str, pulumi.Input[str]]:
    """Every MEDIAPIPE_* variable, the same for every function (one configuration, many readers)."""
    limits = config.limits
    values: dict[str, pulumi.Input[str]] = {
        "TABLE_NAME": names.table_name,
        "UPLOADS_BUCKET": names.uploads_bucket,
        "PROCESSED_BUCKET": names.processed_bucket,
        "JOBS_QUEUE_URL": names.jobs_queue_url,
        "ISOLATION_QUEUE_URL": names.isolation_queue_url,
        "DEAD_LETTER_QUEUE_URL": names.dead_letter_queue_url,
        "CDN_BASE_URL": names.cdn_base_url,
        "URL_SIGNING_SECRET_ID": names.url_signing_secret_id,
        "URL_SIGNING_KEY_ID": names.url_signing_key_id,
        "CDN_DISTRIBUTION_ID": names.cdn_distribution_id,
        "REALTIME_TABLE_NAME": names.realtime_table_name,
        "WEBSOCKET_ENDPOINT": names.websocket_endpoint,
        "USER_POOL_ID": names.user_pool_id,
        "USER_POOL_CLIENT_IDS": names.user_pool_client_ids,
        # USER_POOL_JWKS_URL stays unset: the functions then use the pool's own (Cognito's) URL.
        "WEBHOOK_QUEUE_URL": names.webhook_queue_url,
        # Webhook targets must be public https addresses in AWS; only the embedded stack allows loopback.
        "WEBHOOK_ALLOW_LOOPBACK": _flag(False),
        "MEDIA_URL_TTL_SECONDS": str(config.media_url_ttl_s),
        "QUOTA_MAX_ITEMS": str(config.quota.max_items),
        "QUOTA_MAX_BYTES": str(config.quota.max_bytes),
        "WORK_PER_MINUTE": str(config.throttle.work_per_minute),
        "WORK_BURST": str(config.throttle.work_burst),
        "PRICE_STORAGE_GB_MONTH": repr(config.prices.storage_gb_month),
        "PRICE_COMPUTE_GB_SECOND": repr(config.prices.compute_gb_second),
        "AUDIT_RETENTION_DAYS": str(config.audit.retention_days),
        "PRESETS": json.dumps(list(config.presets), separators=(",", ":"), sort_keys=True),
        "DEFAULT_PRESET": config.default_preset,
        "ALLOWED_TYPES": ",".join(config.allowed_types),
        "MAX_IMAGE_BYTES": str(limits.max_image_bytes),
        "MAX_VIDEO_BYTES": str(limits.max_video_bytes),
        "MAX_AUDIO_BYTES": str(limits.max_audio_bytes),
        "MAX_PIXELS": str(limits.max_pixels),
        "MAX_SIDE": str(limits.max_side),
        "MAX_ASPECT_RATIO": str(limits.max_aspect_ratio),
        "MAX_METADATA_SEGMENTS": str(limits.max_metadata_segments),
        "MAX_METADATA_BYTES": str(limits.max_metadata_bytes),
        "MAX_FRAMES": str(limits.max_frames),
        "MAX_VIDEO_SECONDS": str(limits.max_video_seconds),
        "MAX_AUDIO_SECONDS": str(limits.max_audio_seconds),
        "MAX_ANIMATION_PIXELS": str(limits.max_animation_pixels),
        "MAX_PROCESSING_SECONDS": str(limits.max_processing_seconds),
        "MAX_TRANSCODE_SECONDS": str(limits.max_transcode_seconds),
        "UPLOAD_URL_EXPIRES_SECONDS": str(config.upload_url_expires_s),
        "LEASE_SECONDS": str(config.processor.lease_s),
        # The same number as the jobs queue's redrive maxReceiveCount: the last receive gives up.
        "MAX_RECEIVES": str(config.processor.max_receives),
        "PLAYGROUND": _flag(config.playground),
        "INTROSPECTION": _flag(config.introspection),
    }
    return {f"{PREFIX}{name}": value for name, value in values.items()}
