"""The dev stack keeps its workers' EMF lines, and only those, in a file that never grows past its cap."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.local.emf import emf_document
from app.local.metrics_log import MetricsLog, pump
from tests.emf_lines import Item, emf_lines

ONE_ITEM = [Item("image", "READY", 120, {"download": 10, "decode": 40}, 1000, 300, lag_ms=50)]


def test_only_emf_lines_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = emf_lines(ONE_ITEM, capsys)
    log = MetricsLog(tmp_path / "metrics.jsonl").reset()
    others = [
        "16:31:03 worker  batch of 1 processed in 0.12s, 0 to be redelivered",
        '{"level":"INFO","message":"claimed","_aws":"a field, not the metadata"}',
        '{"_aws": {"Timestamp": 1}}',
        "",
    ]

    kept = [log.offer(line.encode()) for line in [*others, *lines]]

    assert kept == [False] * len(others) + [True] * len(lines)
    assert log.path.read_text().splitlines() == lines


def test_past_its_cap_the_file_keeps_the_newest_whole_lines(tmp_path: Path) -> None:
    # GIVEN a cap of 4 KB and 200 EMF lines of ~150 bytes (30 KB in all)
    log = MetricsLog(tmp_path / "metrics.jsonl", max_bytes=4096).reset()
    template = {
        "_aws": {
            "Timestamp": 1,
            "CloudWatchMetrics": [
                {"Namespace": "MediaPipeline", "Dimensions": [["kind"]], "Metrics": [{"Name": "QueueLag"}]}
            ],
        },
        "kind": "image",
    }

    # WHEN they are all written
    for n in range(200):
        log.append(json.dumps(template | {"QueueLag": n}).encode())

    # THEN the file is within its cap and holds an unbroken run of the newest lines
    assert log.path.stat().st_size <= 4096
    kept = [emf_document(line) for line in log.path.read_text().splitlines()]
    values = [document["QueueLag"] for document in kept if document is not None]
    assert len(values) == len(kept) > 10
    assert values == list(range(200 - len(values), 200))


def test_a_fresh_stack_starts_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "dev-8000.metrics.jsonl"
    path.parent.mkdir()
    path.write_text('{"_aws": {"CloudWatchMetrics": []}}\n')

    MetricsLog(path).reset()

    assert path.read_bytes() == b""


def test_pump_passes_a_workers_output_on_whole_and_keeps_its_metrics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a process that prints log lines around a Powertools EMF line, as a worker does
    (metric,) = [line for line in emf_lines(ONE_ITEM, capsys) if "ProcessingTime" in line]
    script = f"print('worker  started'); print({metric!r}); print('batch of 1 processed')"
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert worker.stdout is not None
    terminal, log = io.BytesIO(), MetricsLog(tmp_path / "metrics.jsonl").reset()

    # WHEN its output is pumped until it exits
    pump(worker.stdout, terminal, log)
    worker.wait(timeout=30)

    # THEN the terminal saw every line, and the log kept the metric alone
    assert terminal.getvalue().decode().splitlines() == ["worker  started", metric, "batch of 1 processed"]
    assert log.path.read_text().splitlines() == [metric]


class _ClosedTerminal(io.BytesIO):
    def write(self, data: object) -> int:
        raise OSError("the terminal is gone")


def test_pump_reads_on_when_the_terminal_is_gone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A worker whose pipe is no longer read blocks on its next print: the pump must drain it anyway
    lines = emf_lines(ONE_ITEM, capsys)
    log = MetricsLog(tmp_path / "metrics.jsonl").reset()

    pump((f"{line}\n".encode() for line in lines), _ClosedTerminal(), log)

    assert log.path.read_text().splitlines() == lines
