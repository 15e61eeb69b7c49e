"""`mediapipe stats` over real EMF lines, printed by Powertools Metrics as the processor prints them."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path

import pytest

from app.cli import main
from app.client.exit_codes import ExitCode
from app.client.stats import Spread, summarise_file
from tests.emf_lines import Item, emf_lines

STILLS = (("still", 4.0), ("still", 6.0), ("still", 20.0))
ITEMS = [
    Item("image", "READY", 120, {"download": 10, "decode": 40, "upload": 15}, 1000, 300, lag_ms=50,
         renditions=STILLS),
    Item("image", "READY", 180, {"download": 12, "decode": 70, "upload": 25}, 2000, 500, lag_ms=80),
    Item("image", "REJECTED", 20, {"download": 5, "sniff": 1}, 400, 0, lag_ms=30),
    Item("video", "READY", 2400, {"download": 90, "decode": 900, "upload": 300}, 90000, 20000, lag_ms=60,
         renditions=(("poster", 8.0), ("preview", 600.0))),
    Item("video", "FAILED", 3100, {"download": 95}, 80000, 0, lag_ms=2000, retry=True),
    Item("audio", "READY", 700, {"download": 20, "encode": 400, "upload": 40}, 5000, 3000, lag_ms=40,
         renditions=(("waveform", 30.0),)),
    Item("image", "READY", 150, {"download": 11, "decode": 55, "upload": 20}, 1500, 400, lag_ms=45,
         renditions=(("still", 10.0),)),
]  # fmt: skip


def percentiles(values: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94]


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def test_the_summary_counts_items_by_kind_and_outcome_and_takes_their_percentiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN the lines of seven items, as Powertools writes them
    path = write(tmp_path / "metrics.jsonl", emf_lines(ITEMS, capsys))

    # WHEN they are summarised
    summary = summarise_file(path, last=100)

    # THEN the counts, percentiles and totals are the data's
    assert summary.items == 7
    assert summary.outcomes == {
        "image": Counter({"READY": 3, "REJECTED": 1}),
        "video": Counter({"READY": 1, "FAILED": 1}),
        "audio": Counter({"READY": 1}),
    }
    image_times = [120.0, 180.0, 20.0, 150.0]
    assert summary.processing["image"] == Spread(4, *percentiles(image_times))
    assert summary.processing["video"] == Spread(2, *percentiles([2400.0, 3100.0]))
    assert summary.processing["audio"] == Spread(1, 700.0, 700.0)
    downloads = [10.0, 12.0, 5.0, 90.0, 95.0, 20.0, 11.0]
    assert summary.steps["download"] == Spread(7, *percentiles(downloads))
    assert summary.steps["decode"] == Spread(4, *percentiles([40.0, 70.0, 900.0, 55.0]))
    assert set(summary.steps) == {"download", "decode", "upload", "sniff", "encode"}
    # one value per output made, by role
    assert summary.renditions == {
        "still": Spread(4, *percentiles([4.0, 6.0, 20.0, 10.0])),
        "poster": Spread(1, 8.0, 8.0),
        "preview": Spread(1, 600.0, 600.0),
        "waveform": Spread(1, 30.0, 30.0),
    }
    assert summary.queue_lag == Spread(7, *percentiles([50.0, 80.0, 30.0, 60.0, 2000.0, 40.0, 45.0]))
    assert summary.bytes_in == sum(i.bytes_in for i in ITEMS)
    assert summary.bytes_out == sum(i.bytes_out for i in ITEMS)
    assert summary.retries == 1


def test_last_n_is_the_last_n_items_with_their_own_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "metrics.jsonl", emf_lines(ITEMS, capsys))

    summary = summarise_file(path, last=2)

    # The audio item and the last image: none of the earlier items' lines
    assert summary.items == 2
    assert summary.outcomes == {"audio": Counter({"READY": 1}), "image": Counter({"READY": 1})}
    assert summary.steps["download"] == Spread(2, *percentiles([20.0, 11.0]))
    assert "sniff" not in summary.steps
    assert summary.bytes_in == 5000 + 1500
    assert summary.queue_lag == Spread(2, *percentiles([40.0, 45.0]))
    assert summary.retries == 0


def test_lines_that_are_not_metrics_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = emf_lines(ITEMS, capsys)
    noise = [
        "16:31:03 worker  batch of 1 processed in 0.12s, 0 to be redelivered",
        '{"level":"INFO","message":"claimed","_aws_note":"not a metric"}',
        '{"_aws": {"Timestamp": 1}}',  # no CloudWatchMetrics: a log line, not a metric
        "[1, 2, 3]",
        lines[-1][: len(lines[-1]) // 2],  # half a line, as a reader may catch one being written
        # another namespace's metric, under our names: not ours to count
        json.dumps(
            {
                "_aws": {
                    "Timestamp": 1,
                    "CloudWatchMetrics": [
                        {
                            "Namespace": "Other",
                            "Dimensions": [["kind"]],
                            "Metrics": [{"Name": "ItemsFinished"}],
                        }
                    ],
                },
                "kind": "image",
                "ItemsFinished": 5,
            }
        ),
    ]
    mixed = [x for pair in zip(lines, noise * len(lines), strict=False) for x in pair]
    clean = summarise_file(write(tmp_path / "clean.jsonl", lines), last=100)

    summary = summarise_file(write(tmp_path / "mixed.jsonl", mixed), last=100)

    assert summary == clean
    assert summary.items == 7


def test_list_values_count_each_value(tmp_path: Path) -> None:
    # Powertools writes a list when one document holds a metric several times
    document = {
        "_aws": {
            "Timestamp": 1,
            "CloudWatchMetrics": [
                {
                    "Namespace": "MediaPipeline",
                    "Dimensions": [["service", "kind", "step"]],
                    "Metrics": [{"Name": "StepTime", "Unit": "Milliseconds"}],
                }
            ],
        },
        "service": "mediapipe",
        "kind": "image",
        "step": "render",
        "StepTime": [3.0, 5.0, 9.0],
    }
    summary = summarise_file(write(tmp_path / "m.jsonl", [json.dumps(document)]), last=100)

    assert summary.steps == {"render": Spread(3, *percentiles([3.0, 5.0, 9.0]))}


def _state(tmp_path: Path, metrics_lines: list[str] | None) -> Path:
    state = tmp_path / "dev-8123.json"
    state.write_text(json.dumps({"url": "http://127.0.0.1:8123", "metricsFile": "dev-8123.metrics.jsonl"}))
    if metrics_lines is not None:
        write(tmp_path / "dev-8123.metrics.jsonl", metrics_lines)
    return state


def test_stats_prints_the_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = _state(tmp_path, emf_lines(ITEMS, capsys))

    assert main(["stats", "--state-file", str(state)]) == 0

    printed = capsys.readouterr().out
    assert "Items (the last 7 of at most 100)" in printed
    assert "Steps" in printed and "decode" in printed
    assert "Renditions" in printed and "waveform" in printed
    assert "Queue lag (upload to claim): p50 50 ms" in printed


def test_stats_json_is_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = _state(tmp_path, emf_lines(ITEMS, capsys))

    assert main(["stats", "--state-file", str(state), "--json", "--last", "3"]) == 0

    printed = json.loads(capsys.readouterr().out)
    assert printed["items"] == 3
    assert printed["byKind"] == {"video": {"FAILED": 1}, "audio": {"READY": 1}, "image": {"READY": 1}}
    assert printed["processingTimeMs"]["audio"] == {"count": 1, "p50": 700.0, "p95": 700.0}
    assert printed["renditionTimeMs"] == {  # the last three items': a video failed, so made nothing
        "waveform": {"count": 1, "p50": 30.0, "p95": 30.0},
        "still": {"count": 1, "p50": 10.0, "p95": 10.0},
    }


def test_stats_without_a_running_stack_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--state-file", str(tmp_path / "dev-9.json")]) == ExitCode.NETWORK

    said = capsys.readouterr().err.strip()  # one line, whatever the terminal's width
    where = tmp_path / "dev-9.json"
    assert said == f"error NO_STACK: No local stack state at {where}: is `mediapipe dev` running?"


def test_stats_before_any_item_finished_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    state = _state(tmp_path, ["16:31:03 worker  started"])

    assert main(["stats", "--state-file", str(state)]) == 0

    assert "No metrics yet" in capsys.readouterr().err
