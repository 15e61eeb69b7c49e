"""Stack configuration: defaults, stack differences and the rules between values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from infra import config
from infra.config_sections import batch_seconds
from tests.infra.stack_harness import REPO, ProgramFailed, placeholder_artifacts, run_stack

PRESETS = [{"name": "default", "widths": [640], "formats": [{"format": "webp"}]}]


def _stack_values(stack: str) -> dict[str, Any]:
    raw = yaml.safe_load((REPO / f"Pulumi.{stack}.yaml").read_text())["config"]
    return {k.split(":", 1)[1]: v for k, v in raw.items() if k.startswith("media-pipeline:")}


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_files_use_only_known_keys_and_parse(stack: str) -> None:
    values = _stack_values(stack)
    assert set(values) <= set(config.KEYS)
    parsed = config.parse(stack, values)
    assert parsed.processor.timeout_s < parsed.processor.lease_s < parsed.processor.visibility_timeout_s


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_files_say_whether_they_own_the_api_gateway_account_setting(stack: str) -> None:
    # One per account and region: a stack file must decide, not inherit a default (docs/deployment.md).
    assert isinstance(_stack_values(stack)["manageApiGatewayAccount"], bool)


def test_prod_differs_where_it_should() -> None:
    dev, prod = config.parse("dev", _stack_values("dev")), config.parse("prod", _stack_values("prod"))
    assert (dev.playground, prod.playground) == (True, False)
    assert (dev.point_in_time_recovery, prod.point_in_time_recovery) == (False, True)
    assert (dev.deletion_protection, prod.deletion_protection) == (False, True)
    assert (dev.waf, prod.waf) == (False, True)
    assert dev.log_retention_days < prod.log_retention_days
    assert dev.processor.memory_mb < prod.processor.memory_mb
    assert prod.alarm_email
    assert not dev.alarm_email


def test_mfa_is_off_unless_the_stack_offers_it() -> None:
    assert config.parse("prod", {"presets": PRESETS}).identity.mfa == "OFF"
    offered = config.parse("dev", {"presets": PRESETS, "identity": {"mfa": "OPTIONAL"}})
    assert offered.identity.mfa == "OPTIONAL"
    for stack in ("dev", "prod"):
        assert _stack_values(stack)["identity"] == {"mfa": "OFF"}  # quoted in the file, so a string


def test_defaults_follow_the_stack_name() -> None:
    assert config.parse("prod-eu", {"presets": PRESETS}).waf
    assert not config.parse("dev", {"presets": PRESETS}).waf
    assert config.parse("dev", {"presets": PRESETS}).media_url_ttl_s == 3600


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "presets"),
        ({"architecture": "sparc"}, "architecture"),
        ({"logRetentionDays": 10}, "logRetentionDays"),
        ({"api": {"timeoutSeconds": 29}}, "timeoutSeconds"),
        ({"processor": {"timeoutSeconds": 60, "leaseMarginSeconds": 400}}, "leaseMarginSeconds"),
        ({"processor": {"batchSize": 2}}, "must cover a whole batch"),
        ({"limits": {"maxTranscodeSeconds": 900}}, "must cover a whole batch"),
        ({"originals": {"expireDays": 3, "transitionDays": 3}}, "not both"),
        ({"uiOrigins": ["http://example.com"]}, "uiOrigins"),
        ({"domain": {"name": "x.example.com"}}, "hostedZoneId"),
        ({"defaultPreset": "missing"}, "defaultPreset"),
        ({"surprise": 1}, "unknown"),
        ({"mediaUrlTtlSeconds": 59}, "mediaUrlTtlSeconds"),  # the same bounds as app.settings
        ({"mediaUrlTtlSeconds": 7 * 86400 + 1}, "mediaUrlTtlSeconds"),
        (
            {"allowedTypes": ["image/jpeg", "image/svg+xml"]},
            r"allowedTypes: unknown content types 'image/svg\+xml'",
        ),
        ({"allowedTypes": []}, "allowedTypes: must name at least one"),
        ({"allowedTypes": "image/jpeg"}, "allowedTypes: must be a list"),
        (
            {"presets": [{**PRESETS[0], "formats": [{"format": "jpg"}]}]},
            r"presets: \[0\] \('default'\): formats\.0\.format",
        ),
        ({"presets": [{**PRESETS[0], "widths": [10]}]}, "between 16 and 8192"),
        ({"presets": [PRESETS[0], PRESETS[0]]}, "distinct"),
        (
            {"originals": {"transitionDays": 30, "storageClass": "GLACIER"}},
            "'GLACIER' cannot be read without a restore",
        ),
        (
            {"originals": {"transitionDays": 30, "storageClass": "DEEP_ARCHIVE"}},
            "'DEEP_ARCHIVE' cannot be read",
        ),
        ({"originals": {"transitionDays": 30, "storageClass": "REDUCED_REDUNDANCY"}}, "'REDUCED_REDUNDANCY'"),
        ({"originals": {"transitionDays": 7, "storageClass": "STANDARD_IA"}}, "at least 30 for STANDARD_IA"),
        (
            {"originals": {"expireDays": 7, "storageClass": "GLACIER_IR"}},
            "only with originals.transitionDays",
        ),
        ({"throttle": {"requestsPerMinute": 1000, "totalRequestsPerMinute": 600}}, "whole API"),
        ({"throttle": {"burst": 200, "totalBurst": 100}}, "at least one key's"),
        ({"throttle": {"workBurst": 0}}, r"workBurst must be an integer in \[1, "),
        ({"throttle": {"workPerMinute": "60"}}, r"workPerMinute must be an integer"),
        ({"identity": {"mfa": "ON"}}, "identity.mfa must be"),
        ({"identity": {"mfa": False}}, "a quoted string"),  # a bare OFF in a YAML 1.1 reader
        ({"identity": "OFF"}, "identity must be an object"),
        ({"prices": {"storageGbMonth": -0.01}}, "prices.storageGbMonth must be a number of US dollars"),
        ({"prices": {"computeGbSecond": True}}, "prices.computeGbSecond must be a number"),
        ({"quota": {"maxItems": 0}}, r"maxItems must be an integer in \[1, "),
        ({"limits": {"maxVideoSeconds": 0}}, "limits.maxVideoSeconds must be a positive number"),
        ({"limits": {"maxSide": 0}}, r"maxSide must be an integer in \[1, "),
        ({"limits": {"maxAspectRatio": 0.5}}, "limits.maxAspectRatio must be a number of at least 1"),
        ({"limits": {"maxAspectRatio": "wide"}}, "limits.maxAspectRatio must be a number of at least 1"),
        ({"limits": {"maxMetadataSegments": 0}}, r"maxMetadataSegments must be an integer in \[1, "),
        ({"limits": {"maxMetadataBytes": 2**31}}, r"maxMetadataBytes must be an integer in \[1, "),
        # A video must fit in the processor's /tmp (10,240 MB less 512 MB of headroom).
        (
            {"limits": {"maxVideoBytes": 10 * 2**30}},
            r"maxVideoBytes must be an integer in \[1, 10200547328\]",
        ),
        # The key as the stack file writes it, the bounds the model states, the value as given.
        (
            {"processor": {"memoryMb": 64}},
            r"^processor\.memoryMb must be an integer in \[128, 10240\], got 64$",
        ),
        ({"processor": {"memoryMb": "2048"}}, r"^processor\.memoryMb must be an integer .*, got '2048'$"),
        ({"limits": {"maxPixel": 1}}, r"^limits\.maxPixel is not a key of limits \(known: maxImageBytes, "),
        (
            {"limits": {"maxProcessingSeconds": True}},
            r"limits\.maxProcessingSeconds must be a positive number",
        ),
    ],
)
def test_bad_values_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        config.parse("dev", {"presets": PRESETS, **values} if values else {})


@pytest.mark.parametrize(
    ("originals", "storage_class"),
    [
        ({"transitionDays": 1, "storageClass": "GLACIER_IR"}, "GLACIER_IR"),  # read in milliseconds
        ({"transitionDays": 1, "storageClass": "INTELLIGENT_TIERING"}, "INTELLIGENT_TIERING"),
        ({"transitionDays": 30, "storageClass": "ONEZONE_IA"}, "ONEZONE_IA"),
        ({"transitionDays": 30}, "STANDARD_IA"),
    ],
)
def test_originals_may_move_where_a_retry_can_still_read_them(
    originals: dict[str, Any], storage_class: str
) -> None:
    parsed = config.parse("dev", {"presets": PRESETS, "originals": originals}).originals
    assert (parsed.transition_days, parsed.storage_class) == (originals["transitionDays"], storage_class)


def test_allowed_types_are_normalised_as_the_app_does() -> None:
    allowed = ["Image/JPG", "image/jpeg; q=1", "audio/mp3", "video/mp4"]
    parsed = config.parse("dev", {"presets": PRESETS, "allowedTypes": allowed})
    assert parsed.allowed_types == ("image/jpeg", "audio/mpeg", "video/mp4")


def test_a_value_the_functions_would_refuse_stops_pulumi_before_anything_exists(tmp_path: Path) -> None:
    # GIVEN a stack whose allowedTypes names a type the Lambdas' settings refuse
    bad = {"allowedTypes": ["image/jpeg", "image/svg+xml"]}
    # WHEN the program runs (as `pulumi up` runs it)
    with pytest.raises(ProgramFailed) as failed:
        run_stack("dev", placeholder_artifacts(tmp_path), bad)
    # THEN it stops at config load, naming the value, with a clean RunError (no traceback) and
    # before a single resource is registered, instead of deploying functions that always fail
    assert isinstance(failed.value.error, config.ConfigError)
    assert isinstance(failed.value.error, pulumi.RunError)
    assert "'image/svg+xml'" in str(failed.value.error)
    assert failed.value.registered == []


def test_the_aws_default_tags_are_read_for_explicit_providers() -> None:
    tags = {"tags": {"project": "media-pipeline", "stack": "dev"}}
    assert config.parse("dev", {"presets": PRESETS}, tags).default_tags == tags["tags"]
    assert config.parse("dev", {"presets": PRESETS}).default_tags == {}
    with pytest.raises(config.ConfigError, match="aws:defaultTags"):
        config.parse("dev", {"presets": PRESETS}, {"project": "media-pipeline"})


def test_throttle_is_converted_to_requests_per_second() -> None:
    throttle = config.Throttle(requests_per_minute=1000, total_requests_per_minute=6000)
    assert (throttle.rate_per_second, throttle.total_rate_per_second) == (16.67, 100.0)


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_stack_files_set_the_processing_limits(stack: str) -> None:
    limits = _stack_values(stack)["limits"]
    assert {"maxProcessingSeconds", "maxAnimationPixels"} <= set(limits)
    parsed = config.parse(stack, _stack_values(stack))
    assert parsed.limits.max_processing_seconds == limits["maxProcessingSeconds"]
    assert parsed.processor.batch_fits(parsed.limits)


def _processing(timeout: int, budget: float) -> dict[str, Any]:
    # Originals of at most 64 MiB: a second's download each, so the budget is what varies.
    small = {"maxVideoBytes": 64 * 2**20, "maxAudioBytes": 64 * 2**20, "maxImageBytes": 50 * 2**20}
    return {
        "presets": PRESETS,
        "processor": {"timeoutSeconds": timeout},
        "limits": {"maxProcessingSeconds": budget, "maxTranscodeSeconds": budget, **small},
    }


@pytest.mark.parametrize(
    ("timeout", "budget", "batch"), [(120, 45, 1), (180, 45, 2), (300, 20, 8), (900, 45, 10)]
)
def test_the_default_batch_is_as_many_items_as_fit(timeout: int, budget: float, batch: int) -> None:
    # GIVEN a timeout and a per-item budget WHEN the batch size is left out THEN the largest that fits
    parsed = config.parse("dev", _processing(timeout, budget))
    assert parsed.processor.batch_size == batch
    assert parsed.processor.batch_fits(parsed.limits)
    assert batch == config.MAX_BATCH_SIZE or batch_seconds(batch + 1, parsed.limits) > timeout


def test_the_download_of_the_largest_original_counts_in_the_timeout() -> None:
    # 5 GiB of video (the default) takes 80 s at the assumed 64 MiB/s: 80 + 600 + 15 + 10 > 700
    with pytest.raises(config.ConfigError, match=r"\+ 15 s \+ 80 s to download the largest original"):
        config.parse("dev", {"presets": PRESETS, "processor": {"timeoutSeconds": 700, "batchSize": 1}})
    assert config.parse("dev", {"presets": PRESETS}).processor.timeout_s == 900  # the default fits it


def test_a_budget_not_even_one_item_can_meet_is_refused() -> None:
    with pytest.raises(
        config.ConfigError,
        match=r"1 x \(the larger of limits.maxProcessingSeconds and maxTranscodeSeconds 55 \+ 15 s",
    ):
        config.parse("dev", _processing(60, 55))
