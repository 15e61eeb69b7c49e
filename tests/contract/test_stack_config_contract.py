"""The stack config refuses exactly what the Lambdas' settings refuse (pulumi/infra/settings_rules.py
restates app rules it may not import): the same content types and aliases, the same preset schema,
and, value by value, the same verdict as `Settings` on the environment the stack would give them."""

from __future__ import annotations

import json
import os
from typing import Any
from unittest import mock

import pytest
from pydantic import ValidationError

from app.domain.audit import DEFAULT_RETENTION_DAYS
from app.domain.limits import Limits
from app.domain.media_types import ALIASES, KIND_OF_TYPE, normalise
from app.domain.presets import Preset
from app.settings import PROCESSABLE_TYPES, Settings
from infra import config, settings_rules
from infra.environment import DataNames, lambda_environment

PRESET: dict[str, Any] = {"name": "default", "widths": [640], "formats": [{"format": "webp"}]}
NAMES = DataNames(
    "table",
    "uploads",
    "processed",
    "https://sqs.test/jobs",
    "https://sqs.test/jobs-isolation",
    "https://sqs.test/jobs-dlq",
    "https://cdn.test",
    "secret",
    "K2KEY",
    "E2DIST",
    "realtime",
    "https://ws.test/v1",
    "eu-west-1_Pool",
    "ui-client,cli-client",
    "https://sqs.test/webhooks",
)


def test_the_content_types_and_their_aliases_are_the_apps() -> None:
    assert tuple(KIND_OF_TYPE) == settings_rules.PROCESSABLE_TYPES
    assert frozenset(settings_rules.PROCESSABLE_TYPES) == PROCESSABLE_TYPES
    assert dict(settings_rules.TYPE_ALIASES) == ALIASES
    for name in [*KIND_OF_TYPE, *ALIASES, "Image/JPG", " image/png ; charset=x", "text/html", ""]:
        assert settings_rules.normalise_type(name) == normalise(name), name


def test_the_preset_schema_is_the_apps() -> None:
    # Fields, types, defaults, bounds, patterns and enums; the widths' range is a validator, which
    # the verdicts below cover.
    assert settings_rules.Preset.model_json_schema() == Preset.model_json_schema()


def _infra(values: dict[str, Any]) -> config.StackConfig | None:
    try:
        return config.parse("dev", values)
    except config.ConfigError:
        return None


def _app(variables: dict[str, str]) -> Settings | None:
    with mock.patch.dict(os.environ, variables, clear=True):
        try:
            return Settings.from_env()
        except ValidationError:
            return None


def _as_written(values: dict[str, Any]) -> dict[str, str]:
    """The environment the functions would get if the stack passed `values` on unchecked."""
    variables = lambda_environment(config.parse("dev", {"presets": [PRESET]}), NAMES)
    if "allowedTypes" in values:
        variables["MEDIAPIPE_ALLOWED_TYPES"] = ",".join(values["allowedTypes"])
    for key, value in values.get("limits", {}).items():
        variables[f"MEDIAPIPE_{LIMIT_NAMES[key].upper()}"] = str(value)
    if "presets" in values:
        variables["MEDIAPIPE_PRESETS"] = json.dumps(values["presets"])
        variables["MEDIAPIPE_DEFAULT_PRESET"] = values["defaultPreset"]
    return {k: str(v) for k, v in variables.items()}


# The stack file's key of each limit -> the field (and environment variable) it sets.
LIMIT_NAMES = {field.alias or name: name for name, field in config.Limits.model_fields.items()}
LIMITS: list[dict[str, float]] = [
    {"maxImageBytes": 1},
    {"maxImageBytes": 0},
    {"maxVideoBytes": 2**31 - 1},
    {"maxAudioBytes": 2**31},
    {"maxPixels": 10**10},
    {"maxPixels": 10**10 + 1},
    {"maxSide": -5},
    {"maxSide": 2**31},
    {"maxAspectRatio": 1},
    {"maxAspectRatio": 0.99},
    {"maxMetadataSegments": 10**9 + 1},
    {"maxMetadataBytes": 65536},
    {"maxFrames": 10**6},
    {"maxFrames": 10**6 + 1},
    {"maxAnimationPixels": 10**12 + 1},
    {"maxVideoSeconds": 0.5},
    {"maxAudioSeconds": 0},
    {"maxProcessingSeconds": 20.5},
    {"maxProcessingSeconds": -1},
]
ALLOWED_TYPES: list[list[str]] = [
    ["image/jpeg"],
    ["image/jpeg", "video/mp4", "audio/ogg"],
    list(KIND_OF_TYPE),
    list(ALIASES),
    ["IMAGE/JPG", " image/png ", "image/webp; q=0.9"],
    ["image/svg+xml"],
    ["image/jpeg", "text/html"],
    ["application/pdf"],
    ["video/x-matroska"],
    ["image/jpeg", "image/jpeg"],
]
PRESETS: list[list[dict[str, Any]]] = [
    [PRESET],
    [{**PRESET, "widths": [16, 8192], "fit": "cover", "aspect_ratio": 1.5, "keep_location": True}],
    [{**PRESET, "formats": [{"format": "avif", "quality": 1}, {"format": "png", "quality": 100}]}],
    [{**PRESET, "formats": [{"format": "jpeg", "quality": "80"}]}],  # lax parsing, as the app's
    [PRESET, {**PRESET, "name": "thumb-2"}],
    [{**PRESET, "formats": [{"format": "jpg"}]}],
    [{**PRESET, "formats": [{"format": "webp", "quality": 0}]}],
    [{**PRESET, "formats": [{"format": "webp", "quality": 101}]}],
    [{**PRESET, "formats": []}],
    [{**PRESET, "formats": [{"format": "webp"}] * 5}],
    [{**PRESET, "widths": [15]}],
    [{**PRESET, "widths": [8193]}],
    [{**PRESET, "widths": []}],
    [{**PRESET, "widths": list(range(100, 1000, 100))}],
    [{**PRESET, "name": "Default"}],
    [{**PRESET, "name": "with_underscore"}],
    [{**PRESET, "name": "x" * 33}],
    [{**PRESET, "fit": "fill"}],
    [{**PRESET, "aspect_ratio": 0.1}],
    [{**PRESET, "aspect_ratio": 10}],
    [{**PRESET, "crop": True}],
    [{key: value for key, value in PRESET.items() if key != "widths"}],
    [PRESET, PRESET],
]
CASES: list[dict[str, Any]] = [
    *({"allowedTypes": v} for v in ALLOWED_TYPES),
    *({"presets": v, "defaultPreset": v[0]["name"]} for v in PRESETS),
    *({"limits": v} for v in LIMITS),
]


@pytest.mark.parametrize("values", CASES, ids=lambda v: json.dumps(v)[:60])
def test_the_stack_config_and_the_functions_agree_on_every_value(values: dict[str, Any]) -> None:
    # GIVEN a stack config value WHEN the program parses it and the functions parse it as written
    parsed = _infra({"presets": [PRESET], **values})
    app = _app(_as_written(values))
    # THEN both accept it or both refuse it (a refusal at deploy, not on every invocation after it)
    assert (parsed is not None) == (app is not None)
    if parsed is not None and app is not None:
        # AND the environment the stack really sets means the same to the functions
        deployed = _app({k: str(v) for k, v in lambda_environment(parsed, NAMES).items()})
        assert deployed is not None
        assert deployed.accepted_types == app.accepted_types
        assert deployed.presets == app.presets
        assert deployed.limits == app.limits


def test_the_stack_refuses_an_empty_type_list_the_functions_would_accept_uselessly() -> None:
    # Stricter on purpose: the app would parse it, then refuse every upload.
    assert _app(_as_written({"allowedTypes": []})) is not None
    assert _infra({"presets": [PRESET], "allowedTypes": []}) is None


def test_the_stacks_default_limits_are_the_domains() -> None:
    # GIVEN a stack config that sets no limit WHEN the functions parse the environment it gives them
    variables = lambda_environment(config.parse("dev", {"presets": [PRESET]}), NAMES)
    deployed = _app({k: str(v) for k, v in variables.items()})
    # THEN the stack has set every limit (none is left to the functions' own default)
    assert {f"MEDIAPIPE_{name.upper()}" for name in Limits.model_fields} <= set(variables)
    # AND each is app.domain.limits' default
    assert deployed is not None
    for name, field in Limits.model_fields.items():
        assert getattr(deployed.limits, name) == field.default, name
    assert deployed.limits == Limits()


@pytest.mark.parametrize("days", [0, 1, 365, 3650, 3651])
def test_the_stack_and_the_functions_agree_on_the_audit_retention(days: int) -> None:
    # GIVEN audit.retentionDays WHEN the program parses it and the functions read it as written
    parsed = _infra({"presets": [PRESET], "audit": {"retentionDays": days}})
    app = _app({**_as_written({}), "MEDIAPIPE_AUDIT_RETENTION_DAYS": str(days)})
    # THEN both accept it or both refuse it, and what the stack sets is what the functions keep
    assert (parsed is not None) == (app is not None)
    if parsed is not None:
        deployed = _app({k: str(v) for k, v in lambda_environment(parsed, NAMES).items()})
        assert deployed is not None and deployed.audit_retention.days == days


def test_the_stacks_default_audit_retention_is_the_domains() -> None:
    variables = lambda_environment(config.parse("dev", {"presets": [PRESET]}), NAMES)
    deployed = _app({k: str(v) for k, v in variables.items()})
    assert deployed is not None
    assert deployed.audit_retention.days == DEFAULT_RETENTION_DAYS
