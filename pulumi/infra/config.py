"""The stack's configuration: read once from Pulumi config, parsed into typed, validated values.

`load()` is the only function that touches `pulumi.Config`; `parse()` is pure, so every default and
every cross-field rule (lease between the processor timeout and the queue's visibility timeout, a
whole batch within the processor timeout, log retention CloudWatch accepts, ...) is unit-tested
without an engine. Each section is a model in config_sections.py; this module reads the top-level
keys and puts the sections together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pydantic import BaseModel, ValidationError

from infra import settings_rules
from infra.config_errors import ConfigError, explain
from infra.config_sections import (
    INVOCATION_OVERHEAD_S,
    ITEM_OVERHEAD_S,
    MAX_BATCH_SIZE,
    S3_READ_BYTES_PER_S,
    Alarms,
    ApiFunction,
    Audit,
    Domain,
    Identity,
    Limits,
    Originals,
    Prices,
    ProcessorFunction,
    Throttle,
    UserQuota,
    ephemeral_mb,
    largest_batch,
)

__all__ = [
    "INVOCATION_OVERHEAD_S",
    "ITEM_OVERHEAD_S",
    "KEYS",
    "MAX_BATCH_SIZE",
    "S3_READ_BYTES_PER_S",
    "ApiFunction",
    "Audit",
    "ConfigError",
    "Domain",
    "Identity",
    "Limits",
    "Originals",
    "Prices",
    "ProcessorFunction",
    "StackConfig",
    "Throttle",
    "UserQuota",
    "ephemeral_mb",
    "largest_batch",
    "load",
    "parse",
]

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
    "alarms",
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
    "audit",
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
    alarms: Alarms = field(default_factory=Alarms)
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
    audit: Audit = field(default_factory=Audit)
    cdn_price_class: str = "PriceClass_100"
    manage_api_gateway_account: bool = True
    artifacts_dir: str | None = None
    # The stack's `aws:defaultTags` tags: the default provider applies them; explicit providers
    # (us-east-1, for CloudFront's certificate and web ACL) must be given them.
    default_tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_production(self) -> bool:
        return self.stack.startswith("prod")


def _section[M: BaseModel](
    values: Mapping[str, Any], key: str, model: type[M], context: Mapping[str, Any] | None = None
) -> M:
    """Section `key` of the stack config as `model`; left out, every key at its default."""
    value = values.get(key) or {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key} must be an object, got {value!r}")
    try:
        return model.model_validate(value, context=context)
    except ValidationError as error:
        raise ConfigError(explain(error, model, key)) from None


def _int(values: Mapping[str, Any], key: str, default: int, *, low: int, high: int) -> int:
    value = values.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{key} must be an integer in [{low}, {high}], got {value!r}")
    return value


def _bool(values: Mapping[str, Any], key: str, default: bool) -> bool:
    value = values.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{key} must be true or false, got {value!r}")
    return value


def _one_of[T](values: Mapping[str, Any], key: str, default: T, allowed: frozenset[T]) -> T:
    value = values.get(key, default)
    if value not in allowed:
        raise ConfigError(f"{key} must be one of {sorted(map(str, allowed))}, got {value!r}")
    return value  # type: ignore[no-any-return]


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
    presets = _app_setting(values, "presets", settings_rules.presets)
    default_preset = values.get("defaultPreset", "default")
    if default_preset not in {p.get("name") for p in presets}:
        raise ConfigError(f"defaultPreset {default_preset!r} is not one of the presets")
    origins = _strings(values, "uiOrigins", ())
    if any(not o.startswith(("https://", "http://localhost", "http://127.0.0.1")) for o in origins):
        raise ConfigError("uiOrigins must be https:// origins (or http://localhost for development)")
    email = values.get("alarmEmail")
    if email is not None and (not isinstance(email, str) or "@" not in email):
        raise ConfigError("alarmEmail must be an e-mail address")
    limits = _section(values, "limits", Limits)
    domain = _section(values, "domain", Domain) if values.get("domain") else None
    return StackConfig(
        stack=stack,
        presets=presets,
        architecture=_one_of(values, "architecture", "arm64", ARCHITECTURES),
        api=_section(values, "api", ApiFunction),
        processor=_section(values, "processor", ProcessorFunction, {"limits": limits}),
        log_retention_days=_one_of(values, "logRetentionDays", 90 if production else 14, LOG_RETENTION_DAYS),
        point_in_time_recovery=_bool(values, "pointInTimeRecovery", production),
        deletion_protection=_bool(values, "deletionProtection", production),
        force_destroy_buckets=_bool(values, "forceDestroyBuckets", not production),
        playground=_bool(values, "playground", not production),
        introspection=_bool(values, "introspection", not production),
        alarm_email=email,
        alarms=_section(values, "alarms", Alarms),
        ui_origins=origins,
        domain=domain,
        waf=_bool(values, "waf", production),
        vpc=_bool(values, "vpc", False),
        originals=_section(values, "originals", Originals),
        throttle=_section(values, "throttle", Throttle),
        identity=_section(values, "identity", Identity),
        default_preset=default_preset,
        allowed_types=_app_setting(values, "allowedTypes", settings_rules.allowed_types),
        limits=limits,
        upload_url_expires_s=_int(values, "uploadUrlExpiresSeconds", 300, low=30, high=3600),
        media_url_ttl_s=_int(values, "mediaUrlTtlSeconds", 3600, low=60, high=7 * 86400),
        quota=_section(values, "quota", UserQuota),
        prices=_section(values, "prices", Prices),
        audit=_section(values, "audit", Audit),
        cdn_price_class=_one_of(values, "cdnPriceClass", "PriceClass_100", PRICE_CLASSES),
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
