"""The embedded stack's numbers from the environment: honoured when set, the stack's defaults when
not, and a typo stops `mediapipe dev` with one line naming the variable."""

from __future__ import annotations

import pytest

from app.local.emulator import MAX_RECEIVES
from app.local.env import positive_float, positive_int
from app.local.stack import (
    function_limits_from_env,
    queue_timing_from_env,
    rate_limit_from_env,
)
from app.settings import Settings

NAMES = (
    "MEDIAPIPE_LEASE_SECONDS",
    "MEDIAPIPE_LOCAL_VISIBILITY_SECONDS",
    "MEDIAPIPE_MAX_RECEIVES",
    "MEDIAPIPE_RATE_LIMIT_PER_MINUTE",
    "MEDIAPIPE_RATE_LIMIT_BURST",
    "MEDIAPIPE_LOCAL_TIMEOUT_SECONDS",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
)


@pytest.fixture(autouse=True)
def unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_unset_numbers_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    assert positive_int("MEDIAPIPE_MAX_RECEIVES", 7) == 7
    monkeypatch.setenv("MEDIAPIPE_MAX_RECEIVES", "  ")
    assert positive_int("MEDIAPIPE_MAX_RECEIVES", 7) == 7
    assert positive_float("MEDIAPIPE_LOCAL_TIMEOUT_SECONDS", 2.5) == 2.5


@pytest.mark.parametrize("raw", ["five", "0", "-3", "2.5", "1e3"])
def test_a_bad_whole_number_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("MEDIAPIPE_MAX_RECEIVES", raw)
    with pytest.raises(SystemExit) as stopped:
        queue_timing_from_env()
    message = str(stopped.value)
    assert (
        message.startswith("MEDIAPIPE_MAX_RECEIVES must be a positive whole number") and repr(raw) in message
    )
    assert "\n" not in message


def test_sqs_bounds_the_receives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAPIPE_MAX_RECEIVES", "1001")
    with pytest.raises(SystemExit, match="at most 1000"):
        queue_timing_from_env()


@pytest.mark.parametrize("raw", ["fast", "0", "-1", "nan", "inf"])
def test_a_bad_number_of_seconds_is_one_line(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("MEDIAPIPE_LOCAL_TIMEOUT_SECONDS", raw)
    with pytest.raises(SystemExit, match=r"^MEDIAPIPE_LOCAL_TIMEOUT_SECONDS must be a positive number"):
        function_limits_from_env()


@pytest.mark.parametrize("name", ["MEDIAPIPE_RATE_LIMIT_PER_MINUTE", "MEDIAPIPE_RATE_LIMIT_BURST"])
def test_every_integer_the_stack_reads_is_checked(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "10O")
    with pytest.raises(SystemExit, match=rf"^{name} must be"):
        rate_limit_from_env()


def test_the_numbers_a_user_sets_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a user's MEDIAPIPE_MAX_RECEIVES
    monkeypatch.setenv("MEDIAPIPE_MAX_RECEIVES", "3")
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
    lease, visibility, receives = queue_timing_from_env()
    # THEN it is read for the queues and the processor's environment (run_dev hands the one value
    # to create_resources and stack_environment)
    assert receives == 3 and visibility > lease
    assert function_limits_from_env().memory_mb == 1024


def test_one_default_for_the_queues_and_the_processor() -> None:
    assert queue_timing_from_env()[2] == MAX_RECEIVES == Settings.model_fields["max_receives"].default
