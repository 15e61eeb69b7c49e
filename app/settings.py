"""Typed settings from the environment: the one place configuration is read.

The Pulumi program sets exactly these variable names on each Lambda (a contract test keeps the two
equal); the embedded stack sets them for its own processes. Nothing reads them at import time: the
composition roots call `Settings.from_env()` once per warm container.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.domain.audit import DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, AuditRetention
from app.domain.limits import Limits
from app.domain.media_types import KIND_OF_TYPE, normalise
from app.domain.presets import BUILTIN_PRESETS, DEFAULT_PRESET, Preset
from app.domain.rates import Rate
from app.domain.rules import Rules
from app.domain.usage import Prices, Quota

ENV_PREFIX = "MEDIAPIPE_"

# What this build can process: every image, video and audio type the domain names (HEIC/HEIF through
# pillow-heif, video and audio through PyAV). Configuration may narrow it, never widen it.
PROCESSABLE_TYPES: frozenset[str] = frozenset(KIND_OF_TYPE)


class Settings(BaseSettings, Limits):
    """Every limit is a field of `Limits`, read under its own name (MEDIAPIPE_MAX_PIXELS, ...): the
    defaults and bounds are the domain's, written once (the stack config validates against them too)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    table_name: str
    uploads_bucket: str
    processed_bucket: str
    jobs_queue_url: str
    # Where poison messages end up: the dead-letter sweep reads it (processors/sweeper.py).
    dead_letter_queue_url: str | None = None
    # Where a record received more than once in a multi-record batch is sent to be processed alone
    # (processors/isolation.py). Unset, such records are processed in place, beside their neighbours.
    isolation_queue_url: str | None = None
    cdn_base_url: str = Field(description="Where variants are served from: CloudFront, or the local server.")
    # Private delivery: variant URLs are CloudFront signed URLs (see app/adapters/cloudfront_signing.py).
    url_signing_secret_id: str = Field(description="The Secrets Manager secret holding the PEM private key.")
    url_signing_key_id: str = Field(description="The CloudFront public key's id (the URLs' Key-Pair-Id).")
    # How long a variant URL stays valid; browsers may keep a copy no longer than that either.
    media_url_ttl_seconds: int = Field(default=3600, ge=60, le=7 * 86400)
    # Deleting an item invalidates its paths on this distribution; unset, nothing is invalidated.
    cdn_distribution_id: str | None = None

    presets: tuple[Preset, ...] = Field(default=BUILTIN_PRESETS, description="JSON list of presets.")
    default_preset: str = DEFAULT_PRESET
    allowed_types: Annotated[frozenset[str], NoDecode] = Field(
        default=PROCESSABLE_TYPES, description="Comma-separated content types createUpload accepts."
    )

    upload_url_expires_seconds: int = Field(default=300, ge=30, le=3600)
    # How long a processor's claim on an item is exclusive. Keep it above the processor's timeout
    # and below the queue's visibility timeout, so a redelivered message can always reclaim.
    lease_seconds: int = Field(default=120, ge=2)
    # Must equal the jobs queue's redrive maxReceiveCount: the last delivery marks the item FAILED.
    max_receives: int = Field(default=5, ge=1, le=1000)

    # Per person (stack config `quota`): items and stored bytes (originals and outputs together).
    quota_max_items: int = Field(default=10_000, ge=1)
    quota_max_bytes: int = Field(default=50 * 1000**3, ge=1)
    # Per person (stack config `throttle.workPerMinute`, `workBurst`): calls that make the system work
    # (createUpload, retryProcessing, reprocessMedia, deleteMedia), however many one request holds.
    work_per_minute: int = Field(default=60, ge=1)
    work_burst: int = Field(default=100, ge=1)
    # List prices of the stack's region (stack config `prices`), for the usage query's estimate.
    price_storage_gb_month: float = Field(default=0.023, ge=0)
    price_compute_gb_second: float = Field(default=0.0000166667, ge=0)

    # How long audit entries are kept (stack config `audit.retentionDays`); the table's TTL removes them.
    audit_retention_days: int = Field(default=DEFAULT_RETENTION_DAYS, ge=1, le=MAX_RETENTION_DAYS)

    playground: bool = True
    introspection: bool = True

    # Events out (docs/api.md, "Live updates" and "Webhooks"). The realtime table holds WebSocket
    # connections and their subscriptions; the endpoint is the WebSocket API's @connections
    # management API (https://{api}.execute-api.{region}.amazonaws.com/{stage}; locally the dev server).
    realtime_table_name: str | None = None
    websocket_endpoint: str | None = None
    # The user pool whose ID tokens `connection_init` carries (the realtime function checks them
    # itself: API Gateway's WebSocket authorizers see only the upgrade request). The JWKS URL is
    # Cognito's own unless set (the emulator's, locally).
    user_pool_id: str | None = None
    user_pool_client_ids: Annotated[frozenset[str], NoDecode] = frozenset()
    user_pool_jwks_url: str | None = None
    # Webhook deliveries wait on this queue (its DLQ holds those that never got through). Loopback
    # and private targets, and plain http, are refused unless allowed: only the embedded stack does.
    webhook_queue_url: str | None = None
    webhook_allow_loopback: bool = False

    # boto3 reads AWS_ENDPOINT_URL itself; it is here so the local stack can show where AWS is.
    aws_endpoint_url: str | None = Field(default=None, validation_alias="AWS_ENDPOINT_URL")

    @classmethod
    def from_env(cls) -> Settings:
        return cls()  # required fields come from the environment

    @field_validator("allowed_types", mode="before")
    @classmethod
    def _parse_types(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        if isinstance(value, list | tuple | set | frozenset):
            types = frozenset(normalise(str(v)) for v in value)
            unknown = types - KIND_OF_TYPE.keys()
            if unknown:
                raise ValueError(f"unknown content types: {', '.join(sorted(unknown))}")
            return types
        return value

    @field_validator("user_pool_client_ids", mode="before")
    @classmethod
    def _parse_client_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("presets")
    @classmethod
    def _distinct_presets(cls, presets: tuple[Preset, ...]) -> tuple[Preset, ...]:
        names = [p.name for p in presets]
        if len(set(names)) != len(names) or not names:
            raise ValueError("presets must be a non-empty list with distinct names")
        return presets

    @model_validator(mode="after")
    def _default_preset_exists(self) -> Settings:
        if self.default_preset not in {p.name for p in self.presets}:
            raise ValueError(f"default_preset {self.default_preset!r} is not one of the presets")
        return self

    @property
    def limits(self) -> Limits:
        return Limits(**{name: getattr(self, name) for name in Limits.model_fields})

    @property
    def audit_retention(self) -> AuditRetention:
        return AuditRetention(days=self.audit_retention_days)

    @property
    def quota(self) -> Quota:
        return Quota(max_items=self.quota_max_items, max_bytes=self.quota_max_bytes)

    @property
    def work_rate(self) -> Rate:
        return Rate(per_minute=self.work_per_minute, burst=self.work_burst)

    @property
    def prices(self) -> Prices:
        return Prices(
            storage_gb_month=self.price_storage_gb_month, compute_gb_second=self.price_compute_gb_second
        )

    @property
    def accepted_types(self) -> frozenset[str]:
        """Allowed by configuration and processable by this build."""
        return self.allowed_types & PROCESSABLE_TYPES

    @property
    def rules(self) -> Rules:
        """What every original is held to, by the processor and `mediapipe process` alike."""
        return Rules(
            presets=self.presets,
            default_preset=self.default_preset,
            limits=self.limits,
            accepted_types=self.accepted_types,
        )


def rules_from_env() -> Rules:
    """The processor's rules where no stack exists (`mediapipe process`). The names only a deployed
    stack has (table, buckets, queue, signing key) are required by `Settings` but say nothing about
    processing: they are filled in as unused, and everything else is read as the processor reads it.
    Raises pydantic's ValidationError, naming the variable, when one is malformed."""
    fields = Settings.model_fields.items()
    unused: dict[str, Any] = {name: "unused offline" for name, field in fields if field.is_required()}
    return Settings(**unused).rules


def env_names() -> frozenset[str]:
    """Every environment variable `Settings` reads: the contract the infrastructure must meet."""
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names.add(alias if isinstance(alias, str) else f"{ENV_PREFIX}{name.upper()}")
    return frozenset(names)
