"""Stack configuration: defaults, stack differences and the rules between values."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from infra import config
from tests.infra.stack_harness import REPO

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


def test_defaults_follow_the_stack_name() -> None:
    assert config.parse("prod-eu", {"presets": PRESETS}).waf
    assert not config.parse("dev", {"presets": PRESETS}).waf


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "presets"),
        ({"architecture": "sparc"}, "architecture"),
        ({"logRetentionDays": 10}, "logRetentionDays"),
        ({"api": {"timeoutSeconds": 29}}, "timeoutSeconds"),
        ({"processor": {"timeoutSeconds": 60, "leaseMarginSeconds": 400}}, "leaseMarginSeconds"),
        ({"originals": {"expireDays": 3, "transitionDays": 3}}, "not both"),
        ({"uiOrigins": ["http://example.com"]}, "uiOrigins"),
        ({"domain": {"name": "x.example.com"}}, "hostedZoneId"),
        ({"defaultPreset": "missing"}, "defaultPreset"),
        ({"surprise": 1}, "unknown"),
    ],
)
def test_bad_values_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(config.ConfigError, match=message):
        config.parse("dev", {"presets": PRESETS, **values} if values else {})


def test_throttle_is_converted_to_requests_per_second() -> None:
    assert config.Throttle(requests_per_minute=1000).rate_per_second == 16.67
