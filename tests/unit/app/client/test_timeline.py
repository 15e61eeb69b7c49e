"""The timeline `mediapipe trace` prints, from the API's history."""

from __future__ import annotations

from app.client.timeline import seconds, timeline


def _event(at: str, note: str, code: str | None = None) -> dict[str, object]:
    return {"at": at, "status": "PROCESSING", "attempt": 1, "code": code, "note": note}


def test_each_step_carries_the_time_since_the_one_before_and_the_total_spans_them() -> None:
    steps = timeline(
        [
            _event("2026-03-01T12:00:00.000Z", "upload requested"),
            _event("2026-03-01T12:00:00.420Z", "upload arrived"),
            _event("2026-03-01T12:00:02.000Z", "attempt 1 gave its lease back", code="UNAVAILABLE"),
        ]
    )
    assert [seconds(s.since_previous) for s in steps.steps] == ["", "+0.42 s", "+1.58 s"]
    assert steps.total == 2.0
    assert steps.steps[-1].code == "UNAVAILABLE"


def test_no_history_is_an_empty_timeline() -> None:
    assert timeline([]).total == 0.0
