"""The rules a local file is held to are read as the processor reads them: one loader."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from app.domain.limits import Limits
from app.domain.presets import BUILTIN_PRESETS
from app.domain.rules import Rules
from app.settings import PROCESSABLE_TYPES, Settings, env_names, rules_from_env

DEPLOYED_ONLY = {
    "MEDIAPIPE_TABLE_NAME": "t",
    "MEDIAPIPE_UPLOADS_BUCKET": "u",
    "MEDIAPIPE_PROCESSED_BUCKET": "p",
    "MEDIAPIPE_JOBS_QUEUE_URL": "q",
    "MEDIAPIPE_CDN_BASE_URL": "https://cdn.example",
    "MEDIAPIPE_URL_SIGNING_SECRET_ID": "s",
    "MEDIAPIPE_URL_SIGNING_KEY_ID": "k",
}


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in env_names():
        monkeypatch.delenv(name, raising=False)


def test_unset_means_the_domains_defaults_without_any_stack() -> None:
    assert rules_from_env() == Rules(BUILTIN_PRESETS, "default", Limits(), PROCESSABLE_TYPES)


def test_the_same_variables_as_the_processor(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a configuration narrowed as a stack's would be
    only = {"name": "only", "widths": [64], "formats": [{"format": "png"}]}
    monkeypatch.setenv("MEDIAPIPE_PRESETS", json.dumps([only]))
    monkeypatch.setenv("MEDIAPIPE_DEFAULT_PRESET", "only")
    monkeypatch.setenv("MEDIAPIPE_MAX_IMAGE_BYTES", "1000")
    monkeypatch.setenv("MEDIAPIPE_ALLOWED_TYPES", "image/png,image/jpeg")
    # WHEN read offline THEN it is what the processor reads from the same environment
    offline = rules_from_env()
    for name, value in DEPLOYED_ONLY.items():
        monkeypatch.setenv(name, value)
    assert offline == Settings.from_env().rules
    assert offline.limits.max_image_bytes == 1000
    assert offline.accepted_types == {"image/png", "image/jpeg"}
    assert offline.preset("missing").name == "only"


def test_a_malformed_variable_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAPIPE_MAX_PIXELS", "lots")
    with pytest.raises(ValidationError, match="max_pixels"):
        rules_from_env()
