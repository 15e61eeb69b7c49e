"""The stack's configuration: read once from Pulumi config, parsed into typed, validated values.

`load()` is the only function that touches `pulumi.Config`; `parse()` is pure, so every default and
every cross-field rule (lease between the processor timeout and the queue's visibility timeout, a
whole batch within the processor timeout, log retention CloudWatch accepts, ...) is unit-tested
without an engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi

from infra import settings_rules

# Every key this program reads (namespace: the project name). `load()` reads these and nothing else.
KEYS = (
    "architecture",
    "api",
    "processor",
    "logRetentionDays",
    "pointInTimeRecovery",
    "deletionProtection",
    "forceDestroyBuckets",
    "playground",
    "introspection",
    "alarmEmail",
    "uiOrigins",
    "domain",
    "waf",
    "vpc",
    "originals",
    "throttle",
    "identity",
    "presets",
    "defaultPreset",
    "allowedTypes",
    "limits",
    "uploadUrlExpiresSeconds",
    "mediaUrlTtlSeconds",
    "quota",
    "prices",
    "cdnPriceClass",
    "manageApiGatewayAccount",
    "artifactsDir",
)

# The values CloudWatch Logs accepts for retentionInDays.
LOG_RETENTION_DAYS = frozenset(
    {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
)
ARCHITECTURES = frozenset({"x86_64", "arm64"})
PRICE_CLASSES = frozenset({"PriceClass_100", "PriceClass_200", "PriceClass_All"})
# Where originals may move after `transitionDays`. A retry (retryProcessing, a redelivered message, a
# DLQ redrive) reads the original again, so it must stay readable at once: GLACIER_IR answers GetObject
# in milliseconds like the IA classes, and INTELLIGENT_TIERING stays in its instant tiers (its archive
# tiers need a bucket configuration this program never creates). GLACIER (Flexible Retrieval) and
# DEEP_ARCHIVE answer GetObject with InvalidObjectState until a restore of hours has finished.
STORAGE_CLASSES = ("STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR")
NEEDS_RESTORE = frozenset({"GLACIER", "DEEP_ARCHIVE"})
# S3 refuses a lifecycle transition into these before an object is 30 days old.
THIRTY_DAYS_FIRST = frozenset({"STANDARD_IA", "ONEZONE_IA"})
# API Gateway's integration timeout is 29 s; the API Lambda must give up before it.
API_GATEWAY_TIMEOUT_S = 29
# The queue's visibility timeout is this many processor timeouts (AWS recommends at least six).
VISIBILITY_FACTOR = 6
# The processor works a batch's records one after another, and the Lambda timeout covers the whole
# batch. Each record may use `limits.maxProcessingSeconds` of media work, plus this much for what the
# budget does not cover: reading the original from S3 (up to maxVideoBytes), writing the outputs and
# the item, and the overrun of the one native call the cooperative deadline cannot interrupt.
ITEM_OVERHEAD_S = 15
# Once per invocation: a cold start imports PyAV or Pillow on its first record.
INVOCATION_OVERHEAD_S = 10
# Records per invocation this program accepts (SQS allows more only with a batching window).
MAX_BATCH_SIZE = 10


class ConfigError(pulumi.RunError, ValueError):
    """A stack configuration value is missing, malformed or inconsistent. A RunError: `pulumi up` and
    `preview` stop with its message alone (no traceback), before anything is created."""


@dataclass(frozen=True)
class ApiFunction:
    memory_mb: int = 512
    timeout_s: int = 15


@dataclass(frozen=True)
class ProcessorFunction:
    # Lambda's CPU follows memory (one vCPU's worth per 1,769 MB) and the processor encodes on as
    # many threads as that buys: 2,048 MB is the smallest size with two, at the same cost per image
    # as one vCPU. docs/performance.md, "Processor memory".
    memory_mb: int = 2048
    timeout_s: int = 120
    batch_size: int = 1  # unless configured: as many records as fit in the timeout (`largest_batch`)
    batching_window_s: int = 1
    max_concurrency: int = 5
    max_receives: int = 5
    # Extra seconds of exclusive claim beyond the processor timeout (see `lease_s`).
    lease_margin_s: int = 30

    @property
    def lease_s(self) -> int:
        """MEDIAPIPE_LEASE_SECONDS: longer than one invocation, shorter than one visibility timeout."""
        return self.timeout_s + self.lease_margin_s

    @property
    def visibility_timeout_s(self) -> int:
        return VISIBILITY_FACTOR * self.timeout_s

    def batch_seconds(self, limits: Limits) -> float:
        """The longest one invocation may need: every record of a full batch at its whole budget."""
        return self.batch_size * (limits.max_processing_seconds + ITEM_OVERHEAD_S) + INVOCATION_OVERHEAD_S

    def batch_fits(self, limits: Limits) -> bool:
        return self.batch_seconds(limits) <= self.timeout_s


@dataclass(frozen=True)
class Originals:
    """What happens to originals after processing: expire after N days, or move to a cheaper class."""

    expire_days: int | None = None
    transition_days: int | None = None
    storage_class: str = "STANDARD_IA"


@dataclass(frozen=True)
class UserQuota:
    """What each person may store: items, and bytes of originals and outputs together."""

    max_items: int = 10_000
    max_bytes: int = 50 * 1000**3


@dataclass(frozen=True)
class Prices:
    """List prices of the stack's region in USD (defaults: us-east-1), for the usage estimate:
    S3 Standard per GB-month, Lambda per GB-second (docs/deployment.md lists other regions')."""

    storage_gb_month: float = 0.023
    compute_gb_second: float = 0.0000166667


@dataclass(frozen=True)
class Throttle:
    """Per API key (the usage plan: each client's share) and for the whole API, every caller together
    (the stage: what the backend is sized for). API Gateway counts per second, so minutes are converted.
    The usage plan counts requests only; work is counted per person by the API Lambda itself (its
    owner's bucket in the table): createUpload, retryProcessing, deleteMedia, however many one holds."""

    requests_per_minute: int = 1000
    burst: int = 200
    quota_per_day: int = 100_000
    total_requests_per_minute: int = 6000
    total_burst: int = 500
    work_per_minute: int = 60
    work_burst: int = 100

    @property
    def rate_per_second(self) -> float:
        return round(self.requests_per_minute / 60, 2)

    @property
    def total_rate_per_second(self) -> float:
        return round(self.total_requests_per_minute / 60, 2)


# Cognito's second factor: off, or a TOTP app each user may add (no SMS: it needs an SNS role and costs).
MFA_MODES = ("OFF", "OPTIONAL")


@dataclass(frozen=True)
class Identity:
    """The user pool's settings the stack chooses (the rest is fixed in components/identity.py)."""

    mfa: str = "OFF"


@dataclass(frozen=True)
class Domain:
    name: str
    hosted_zone_id: str


@dataclass(frozen=True)
class Limits:
    max_image_bytes: int = 50 * 1024 * 1024
    max_video_bytes: int = 500 * 1024 * 1024
    max_audio_bytes: int = 100 * 1024 * 1024
    max_pixels: int = 50_000_000
    max_side: int = 32_768
    max_aspect_ratio: float = 100.0
    max_metadata_segments: int = 10_000
    max_metadata_bytes: int = 16 * 1024 * 1024
    max_frames: int = 1000
    max_duration_seconds: float = 600.0
    max_animation_pixels: int = 500_000_000
    max_processing_seconds: float = 45.0


@dataclass(frozen=True)
class StackConfig:
    stack: str
    presets: tuple[Mapping[str, Any], ...]
    architecture: str = "arm64"
    api: ApiFunction = field(default_factory=ApiFunction)
    processor: ProcessorFunction = field(default_factory=ProcessorFunction)
    log_retention_days: int = 14
    point_in_time_recovery: bool = False
    deletion_protection: bool = False
    force_destroy_buckets: bool = True
    playground: bool = True
    introspection: bool = True
    alarm_email: str | None = None
    ui_origins: tuple[str, ...] = ()
    domain: Domain | None = None
    waf: bool = False
    vpc: bool = False
    originals: Originals = field(default_factory=Originals)
    throttle: Throttle = field(default_factory=Throttle)
    identity: Identity = field(default_factory=Identity)
    default_preset: str = "default"
    allowed_types: tuple[str, ...] = settings_rules.PROCESSABLE_TYPES
    limits: Limits = field(default_factory=Limits)
    upload_url_expires_s: int = 300
    media_url_ttl_s: int = 3600
    quota: UserQuota = field(default_factory=UserQuota)
    prices: Prices = field(default_factory=Prices)
    cdn_price_class: str = "PriceClass_100"
    manage_api_gateway_account: bool = True
    artifacts_dir: str | None = None
    # The stack's `aws:defaultTags` tags: the default provider applies them; explicit providers
    # (us-east-1, for CloudFront's certificate and web ACL) must be given them.
    default_tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.stack.startswith("prod")


def _object(values: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = values.get(key) or {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key} must be an object, got {value!r}")
    return value


def _int(section: Mapping[str, Any], key: str, default: int, *, low: int, high: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{key} must be an integer in [{low}, {high}], got {value!r}")
    return value


def _bool(values: Mapping[str, Any], key: str, default: bool) -> bool:
    value = values.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, got {value!r}")
    return value


def _api(values: Mapping[str, Any]) -> ApiFunction:
    section, d = _object(values, "api"), ApiFunction()
    return ApiFunction(
        memory_mb=_int(section, "memoryMb", d.memory_mb, low=128, high=10240),
        timeout_s=_int(section, "timeoutSeconds", d.timeout_s, low=1, high=API_GATEWAY_TIMEOUT_S - 1),
    )


def largest_batch(timeout_s: int, limits: Limits) -> int:
    """The default batch size: as many records as fit in the timeout (1 to MAX_BATCH_SIZE)."""
    fits = [
        n
        for n in range(1, MAX_BATCH_SIZE + 1)
        if ProcessorFunction(timeout_s=timeout_s, batch_size=n).batch_fits(limits)
    ]
    return max(fits, default=1)


def _processor(values: Mapping[str, Any], limits: Limits) -> ProcessorFunction:
    section, d = _object(values, "processor"), ProcessorFunction()
    # The visibility timeout (6x) may be at most 12 hours; 15 minutes is Lambda's own ceiling.
    timeout = _int(section, "timeoutSeconds", d.timeout_s, low=10, high=900)
    processor = ProcessorFunction(
        memory_mb=_int(section, "memoryMb", d.memory_mb, low=128, high=10240),
        timeout_s=timeout,
        batch_size=_int(section, "batchSize", largest_batch(timeout, limits), low=1, high=MAX_BATCH_SIZE),
        batching_window_s=_int(section, "batchingWindowSeconds", d.batching_window_s, low=0, high=300),
        max_concurrency=_int(section, "maxConcurrency", d.max_concurrency, low=2, high=1000),
        max_receives=_int(section, "maxReceives", d.max_receives, low=2, high=20),
        lease_margin_s=_int(section, "leaseMarginSeconds", d.lease_margin_s, low=1, high=4 * timeout),
    )
    if not processor.timeout_s < processor.lease_s < processor.visibility_timeout_s:
        raise ConfigError(
            "the lease must outlast the processor timeout and end before the visibility timeout"
        )
    if not processor.batch_fits(limits):
        raise ConfigError(
            f"processor.timeoutSeconds ({processor.timeout_s}) must cover a whole batch: batchSize "
            f"{processor.batch_size} x (limits.maxProcessingSeconds {limits.max_processing_seconds:g} + "
            f"{ITEM_OVERHEAD_S} s per record) + {INVOCATION_OVERHEAD_S} s = "
            f"{processor.batch_seconds(limits):g} s; lower batchSize or maxProcessingSeconds, or raise "
            "timeoutSeconds"
        )
    return processor


def _originals(values: Mapping[str, Any]) -> Originals:
    section = _object(values, "originals")
    expire = section.get("expireDays")
    transition = section.get("transitionDays")
    storage_class = section.get("storageClass", Originals.storage_class)
    if expire is not None and transition is not None:
        raise ConfigError("originals: set expireDays or transitionDays, not both")
    for name, days in (("expireDays", expire), ("transitionDays", transition)):
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            raise ConfigError(f"originals.{name} must be a positive integer, got {days!r}")
    if "storageClass" in section and transition is None:
        raise ConfigError("originals.storageClass applies only with originals.transitionDays")
    if storage_class in NEEDS_RESTORE:
        raise ConfigError(
            f"originals.storageClass {storage_class!r} cannot be read without a restore that takes hours, "
            f"so retrying an item would fail; use one of {', '.join(STORAGE_CLASSES)} (GLACIER_IR is "
            "read at once)"
        )
    if storage_class not in STORAGE_CLASSES:
        raise ConfigError(
            f"originals.storageClass must be one of {', '.join(STORAGE_CLASSES)}, got {storage_class!r}"
        )
    if storage_class in THIRTY_DAYS_FIRST and transition is not None and transition < 30:
        raise ConfigError(
            f"originals.transitionDays must be at least 30 for {storage_class} (S3 refuses an earlier "
            f"transition), got {transition}"
        )
    return Originals(expire_days=expire, transition_days=transition, storage_class=storage_class)


def _quota(values: Mapping[str, Any]) -> UserQuota:
    section, d = _object(values, "quota"), UserQuota()
    return UserQuota(
        max_items=_int(section, "maxItems", d.max_items, low=1, high=10**9),
        max_bytes=_int(section, "maxBytes", d.max_bytes, low=1, high=2**63 - 1),
    )


def _prices(values: Mapping[str, Any]) -> Prices:
    section, d = _object(values, "prices"), Prices()

    def price(key: str, default: float) -> float:
        return _number(section, key, default, where="prices", wanted="a number of US dollars, 0 or more")

    return Prices(
        storage_gb_month=price("storageGbMonth", d.storage_gb_month),
        compute_gb_second=price("computeGbSecond", d.compute_gb_second),
    )


def _throttle(values: Mapping[str, Any]) -> Throttle:
    section, d = _object(values, "throttle"), Throttle()
    # API Gateway's own ceiling per account and region: 10,000 requests per second, burst 5,000.
    throttle = Throttle(
        requests_per_minute=_int(section, "requestsPerMinute", d.requests_per_minute, low=1, high=600_000),
        burst=_int(section, "burst", d.burst, low=1, high=5000),
        quota_per_day=_int(section, "quotaPerDay", d.quota_per_day, low=1, high=100_000_000),
        total_requests_per_minute=_int(
            section, "totalRequestsPerMinute", d.total_requests_per_minute, low=1, high=600_000
        ),
        total_burst=_int(section, "totalBurst", d.total_burst, low=1, high=5000),
        work_per_minute=_int(section, "workPerMinute", d.work_per_minute, low=1, high=600_000),
        work_burst=_int(section, "workBurst", d.work_burst, low=1, high=100_000),
    )
    if (
        throttle.total_requests_per_minute < throttle.requests_per_minute
        or throttle.total_burst < throttle.burst
    ):
        raise ConfigError(
            f"throttle: the whole API's limit (totalRequestsPerMinute {throttle.total_requests_per_minute}, "
            f"totalBurst {throttle.total_burst}) must be at least one key's (requestsPerMinute "
            f"{throttle.requests_per_minute}, burst {throttle.burst})"
        )
    return throttle


def _identity(values: Mapping[str, Any]) -> Identity:
    mfa = _object(values, "identity").get("mfa", Identity.mfa)
    if mfa not in MFA_MODES:
        # YAML 1.1 (PyYAML, some editors) reads a bare OFF as false: the stack files quote it.
        raise ConfigError(f'identity.mfa must be "OFF" or "OPTIONAL" (a quoted string), got {mfa!r}')
    return Identity(mfa=mfa)


def _limits(values: Mapping[str, Any]) -> Limits:
    section, d = _object(values, "limits"), Limits()
    duration = _positive(section, "maxDurationSeconds", d.max_duration_seconds)
    processing = _positive(section, "maxProcessingSeconds", d.max_processing_seconds)
    return Limits(
        max_image_bytes=_int(section, "maxImageBytes", d.max_image_bytes, low=1, high=2**31 - 1),
        max_video_bytes=_int(section, "maxVideoBytes", d.max_video_bytes, low=1, high=2**31 - 1),
        max_audio_bytes=_int(section, "maxAudioBytes", d.max_audio_bytes, low=1, high=2**31 - 1),
        max_pixels=_int(section, "maxPixels", d.max_pixels, low=1, high=10**10),
        max_side=_int(section, "maxSide", d.max_side, low=1, high=2**31 - 1),
        max_aspect_ratio=_aspect_ratio(section, d.max_aspect_ratio),
        max_metadata_segments=_int(
            section, "maxMetadataSegments", d.max_metadata_segments, low=1, high=10**9
        ),
        max_metadata_bytes=_int(section, "maxMetadataBytes", d.max_metadata_bytes, low=1, high=2**31 - 1),
        max_frames=_int(section, "maxFrames", d.max_frames, low=1, high=10**6),
        max_duration_seconds=duration,
        max_animation_pixels=_int(section, "maxAnimationPixels", d.max_animation_pixels, low=1, high=10**12),
        max_processing_seconds=processing,
    )


def _aspect_ratio(section: Mapping[str, Any], default: float) -> float:
    # The app refuses less than 1 (app.settings): it would refuse every picture but squares, or all.
    ratio = _number(section, "maxAspectRatio", default, where="limits", wanted="a number of at least 1")
    if ratio < 1:
        raise ConfigError(f"limits.maxAspectRatio must be a number of at least 1, got {ratio!r}")
    return ratio


def _positive(section: Mapping[str, Any], key: str, default: float) -> float:
    return _number(section, key, default, where="limits", wanted="a positive number", positive=True)


def _number(
    section: Mapping[str, Any], key: str, default: float, *, where: str, wanted: str, positive: bool = False
) -> float:
    """A number of `section`: above 0 when `positive`, else 0 or more."""
    value = section.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or value < 0
        or (positive and value == 0)
    ):
        raise ConfigError(f"{where}.{key} must be {wanted}, got {value!r}")
    return float(value)


def _domain(values: Mapping[str, Any]) -> Domain | None:
    section = _object(values, "domain")
    if not section:
        return None
    name, zone = section.get("name"), section.get("hostedZoneId")
    if not isinstance(name, str) or not isinstance(zone, str) or not name or not zone:
        raise ConfigError("domain needs both name and hostedZoneId")
    return Domain(name=name.rstrip("."), hosted_zone_id=zone)


def _strings(values: Mapping[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = values.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{key} must be a list of non-empty strings")
    return tuple(value)


def _app_setting[T](values: Mapping[str, Any], key: str, rule: Callable[[object], T]) -> T:
    """A value the Lambdas' settings parse, checked by the app's own rules (settings_rules)."""
    try:
        return rule(values.get(key))
    except ValueError as error:
        raise ConfigError(f"{key}: {error}") from None


def _default_tags(value: object) -> dict[str, str]:
    if value is None:
        return {}
    tags = value.get("tags") if isinstance(value, Mapping) else None
    if not isinstance(tags, Mapping) or not all(isinstance(v, str) for v in tags.values()):
        raise ConfigError(f"aws:defaultTags must be {{tags: {{name: value}}}}, got {value!r}")
    return {str(k): v for k, v in tags.items()}


def parse(stack: str, values: Mapping[str, Any], aws_default_tags: object = None) -> StackConfig:
    """Typed configuration from raw config values (already JSON-decoded), and `aws:defaultTags`."""
    unknown = set(values) - set(KEYS)
    if unknown:
        raise ConfigError(f"unknown config keys: {', '.join(sorted(unknown))}")
    production = stack.startswith("prod")
    architecture = values.get("architecture", "arm64")
    if architecture not in ARCHITECTURES:
        raise ConfigError(f"architecture must be one of {sorted(ARCHITECTURES)}")
    retention = values.get("logRetentionDays", 90 if production else 14)
    if retention not in LOG_RETENTION_DAYS:
        raise ConfigError(f"logRetentionDays must be one of {sorted(LOG_RETENTION_DAYS)}")
    presets = _app_setting(values, "presets", settings_rules.presets)
    default_preset = values.get("defaultPreset", "default")
    if default_preset not in {p.get("name") for p in presets}:
        raise ConfigError(f"defaultPreset {default_preset!r} is not one of the presets")
    price_class = values.get("cdnPriceClass", "PriceClass_100")
    if price_class not in PRICE_CLASSES:
        raise ConfigError(f"cdnPriceClass must be one of {sorted(PRICE_CLASSES)}")
    origins = _strings(values, "uiOrigins", ())
    if any(not o.startswith(("https://", "http://localhost", "http://127.0.0.1")) for o in origins):
        raise ConfigError("uiOrigins must be https:// origins (or http://localhost for development)")
    email = values.get("alarmEmail")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise ConfigError("alarmEmail must be an e-mail address")
    limits = _limits(values)
    return StackConfig(
        stack=stack,
        presets=presets,
        architecture=architecture,
        api=_api(values),
        processor=_processor(values, limits),
        log_retention_days=retention,
        point_in_time_recovery=_bool(values, "pointInTimeRecovery", production),
        deletion_protection=_bool(values, "deletionProtection", production),
        force_destroy_buckets=_bool(values, "forceDestroyBuckets", not production),
        playground=_bool(values, "playground", not production),
        introspection=_bool(values, "introspection", not production),
        alarm_email=email,
        ui_origins=origins,
        domain=_domain(values),
        waf=_bool(values, "waf", production),
        vpc=_bool(values, "vpc", False),
        originals=_originals(values),
        throttle=_throttle(values),
        identity=_identity(values),
        default_preset=default_preset,
        allowed_types=_app_setting(values, "allowedTypes", settings_rules.allowed_types),
        limits=limits,
        upload_url_expires_s=_int(values, "uploadUrlExpiresSeconds", 300, low=30, high=3600),
        media_url_ttl_s=_int(values, "mediaUrlTtlSeconds", 3600, low=60, high=7 * 86400),
        quota=_quota(values),
        prices=_prices(values),
        cdn_price_class=price_class,
        manage_api_gateway_account=_bool(values, "manageApiGatewayAccount", True),
        artifacts_dir=values.get("artifactsDir"),
        default_tags=_default_tags(aws_default_tags),
    )


def _decode(raw: str) -> Any:
    """Pulumi hands every value over as a string; objects, lists, numbers and booleans as JSON."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def load() -> StackConfig:
    """The current stack's configuration. Call it from the program, never at import."""
    config = pulumi.Config()
    values = {key: _decode(raw) for key in KEYS if (raw := config.get(key)) is not None}
    tags = pulumi.Config("aws").get("defaultTags")
    return parse(pulumi.get_stack(), values, _decode(tags) if tags is not None else None)
