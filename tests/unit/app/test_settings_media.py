from __future__ import annotations

import pytest

from app.domain.media_types import KIND_OF_TYPE
from app.settings import PROCESSABLE_TYPES, Settings, env_names


@pytest.fixture
def required(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "TABLE_NAME",
        "UPLOADS_BUCKET",
        "PROCESSED_BUCKET",
        "JOBS_QUEUE_URL",
        "CDN_BASE_URL",
        "URL_SIGNING_SECRET_ID",
        "URL_SIGNING_KEY_ID",
    ):
        monkeypatch.setenv(f"MEDIAPIPE_{name}", "x")


def test_the_processing_budgets_come_from_the_environment(
    required: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEDIAPIPE_MAX_PROCESSING_SECONDS", "12.5")
    monkeypatch.setenv("MEDIAPIPE_MAX_ANIMATION_PIXELS", "1000")

    limits = Settings.from_env().limits

    assert (limits.max_processing_seconds, limits.max_animation_pixels) == (12.5, 1000)
    assert {"MEDIAPIPE_MAX_PROCESSING_SECONDS", "MEDIAPIPE_MAX_ANIMATION_PIXELS"} <= env_names()


def test_this_build_processes_images_video_and_audio(required: None) -> None:
    assert frozenset(KIND_OF_TYPE) == PROCESSABLE_TYPES
    assert {"image/heic", "video/quicktime", "audio/flac"} <= Settings.from_env().accepted_types
