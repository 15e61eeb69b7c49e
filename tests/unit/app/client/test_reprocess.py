from __future__ import annotations

from typing import Any

import pytest

from app.client.api import ApiError
from app.client.reprocess import RATE_LIMIT_TRIES, _reprocess, plan

FINGERPRINTS = {"default": "aaaa1111", "thumbnail": "bbbb2222"}


def item(
    media_id: str, *, status: str = "READY", preset: str = "default", made: str | None = None
) -> dict[str, Any]:
    metadata = {"presetFingerprint": made} if made else None
    return {"id": media_id, "status": status, "preset": preset, "metadata": metadata, "kind": "IMAGE"}


def test_items_made_with_the_presets_current_fingerprint_are_skipped() -> None:
    items = [
        item("done", preset="thumbnail", made="bbbb2222"),
        item("other-preset", preset="default", made="aaaa1111"),
        item("old-recipe", preset="thumbnail", made="00000000"),
        item("before-fingerprints", preset="thumbnail"),
        item("rejected", status="REJECTED", preset="thumbnail", made="bbbb2222"),
    ]
    chosen = plan(items, FINGERPRINTS, "thumbnail")
    assert [i["id"] for i in chosen.todo] == ["other-preset", "old-recipe", "before-fingerprints", "rejected"]
    assert chosen.already == 1


def test_without_a_preset_each_item_is_held_to_its_own() -> None:
    items = [
        item("current", made="aaaa1111"),
        item("changed", made="99999999"),
        item("t", preset="thumbnail"),
    ]
    chosen = plan(items, FINGERPRINTS, None)
    assert [i["id"] for i in chosen.todo] == ["changed", "t"]
    assert chosen.already == 1


class Limited:
    """Answers RATE_LIMITED `times` times, then queues the reprocess."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.calls = 0

    def reprocess(self, media_id: str, preset: str | None = None) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.times:
            raise ApiError("Too many", "RATE_LIMITED", retry_after=3.0)
        return {"id": media_id, "preset": preset}


def test_a_rate_limited_request_waits_as_long_as_the_api_says_then_goes_again() -> None:
    client, waits = Limited(times=2), list[float]()
    assert _reprocess(client, "x", "thumbnail", sleep=waits.append) == {"id": "x", "preset": "thumbnail"}  # type: ignore[arg-type]
    assert waits == [3.0, 3.0]


def test_a_request_limited_every_time_is_refused_and_other_errors_at_once() -> None:
    client, waits = Limited(times=RATE_LIMIT_TRIES), list[float]()
    with pytest.raises(ApiError, match="Too many"):
        _reprocess(client, "x", None, sleep=waits.append)  # type: ignore[arg-type]
    assert len(waits) == RATE_LIMIT_TRIES - 1

    class Refusing:
        def reprocess(self, media_id: str, preset: str | None = None) -> dict[str, Any]:
            raise ApiError("No", "NOT_REPROCESSABLE")

    with pytest.raises(ApiError, match="No"):
        _reprocess(Refusing(), "x", None, sleep=waits.append)  # type: ignore[arg-type]
    assert len(waits) == RATE_LIMIT_TRIES - 1
