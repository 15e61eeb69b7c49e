from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.domain.limits import Limits
from app.settings import PROCESSABLE_TYPES, Settings, env_names

REQUIRED = {
    "MEDIAPIPE_TABLE_NAME": "t",
    "MEDIAPIPE_UPLOADS_BUCKET": "u",
    "MEDIAPIPE_PROCESSED_BUCKET": "p",
    "MEDIAPIPE_JOBS_QUEUE_URL": "q",
    "MEDIAPIPE_CDN_BASE_URL": "https://cdn.example",
    "MEDIAPIPE_URL_SIGNING_SECRET_ID": "signing-secret",
    "MEDIAPIPE_URL_SIGNING_KEY_ID": "K2EXAMPLE",
}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in env_names():
        monkeypatch.delenv(name, raising=False)
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)


def test_defaults() -> None:
    settings = Settings.from_env()
    assert settings.table_name == "t"
    assert settings.accepted_types == PROCESSABLE_TYPES
    assert settings.playground and settings.introspection
    assert settings.limits.max_pixels == 50_000_000
    assert settings.limits == Limits()  # one set of defaults: the domain's
    assert settings.media_url_ttl_seconds == 3600
    assert settings.cdn_distribution_id is None
    assert [p.name for p in settings.presets] == ["default", "thumbnail"]


def test_values_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAPIPE_ALLOWED_TYPES", "image/JPG, image/png,")
    monkeypatch.setenv("MEDIAPIPE_PLAYGROUND", "false")
    monkeypatch.setenv("MEDIAPIPE_MAX_PIXELS", "1000")
    monkeypatch.setenv("MEDIAPIPE_MAX_SIDE", "20000")
    monkeypatch.setenv("MEDIAPIPE_MAX_ASPECT_RATIO", "12.5")
    monkeypatch.setenv("MEDIAPIPE_MAX_METADATA_SEGMENTS", "500")
    monkeypatch.setenv("MEDIAPIPE_MAX_METADATA_BYTES", "65536")
    monkeypatch.setenv(
        "MEDIAPIPE_PRESETS", '[{"name": "small", "widths": [100], "formats": [{"format": "webp"}]}]'
    )
    monkeypatch.setenv("MEDIAPIPE_DEFAULT_PRESET", "small")
    settings = Settings.from_env()
    assert settings.accepted_types == {"image/jpeg", "image/png"}
    assert settings.playground is False
    assert settings.limits.max_pixels == 1000
    assert (settings.limits.max_side, settings.limits.max_aspect_ratio) == (20000, 12.5)
    assert (settings.limits.max_metadata_segments, settings.limits.max_metadata_bytes) == (500, 65536)
    assert settings.presets[0].name == "small"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MEDIAPIPE_ALLOWED_TYPES", "image/jpeg,text/html"),
        ("MEDIAPIPE_MAX_PIXELS", "0"),
        ("MEDIAPIPE_MAX_SIDE", "0"),
        ("MEDIAPIPE_MAX_ASPECT_RATIO", "0.5"),  # below 1 not even a square would pass
        ("MEDIAPIPE_MAX_METADATA_SEGMENTS", "0"),
        ("MEDIAPIPE_MAX_METADATA_BYTES", "-1"),
        ("MEDIAPIPE_PRESETS", "[]"),
        ("MEDIAPIPE_PRESETS", '[{"name": "x"}]'),
        ("MEDIAPIPE_DEFAULT_PRESET", "missing"),
        ("MEDIAPIPE_MAX_IMAGE_BYTES", str(2**31)),
        # A media URL lives a minute at least (clocks drift) and a week at most.
        ("MEDIAPIPE_MEDIA_URL_TTL_SECONDS", "59"),
        ("MEDIAPIPE_MEDIA_URL_TTL_SECONDS", str(7 * 86400 + 1)),
    ],
)
def test_bad_configuration_fails_at_start_up(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings.from_env()


def test_missing_required_settings_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEDIAPIPE_TABLE_NAME")
    with pytest.raises(ValidationError, match="table_name"):
        Settings.from_env()


def test_env_names_are_the_contract() -> None:
    names = env_names()
    assert set(REQUIRED) <= names
    assert "AWS_ENDPOINT_URL" in names
    assert all(n.startswith("MEDIAPIPE_") or n == "AWS_ENDPOINT_URL" for n in names)
