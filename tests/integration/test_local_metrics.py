"""The dev stack's supervisor keeps a real worker's EMF lines, and passes all its output on."""

from __future__ import annotations

import os
from pathlib import Path

from app.client.stats import summarise_file
from app.local.emulator import create_resources
from app.local.metrics_log import MetricsLog
from app.local.stack import DEPLOYED_PROCESSOR, stack_environment
from app.local.supervisor import Supervisor, WorkerSpec
from tests.conftest import REPO
from tests.integration.conftest import Emulator, eventually


def test_a_workers_metric_lines_are_kept_and_shown(emulator: Emulator, tmp_path: Path) -> None:
    # GIVEN a supervised worker whose handler prints a log line and an EMF line per record
    resources = create_resources(
        emulator.resources.endpoint_url,
        credentials=emulator.resources.credentials,
        ui_origins=["http://localhost"],
        visibility_timeout_s=30,
        prefix="metrics1",
    )
    # Without the variables that would hide the lines (Powertools prints none under these; a
    # developer's PYTHONUNBUFFERED would hide a worker holding its lines back in a pipe's buffer).
    hiding = {"POWERTOOLS_DEV", "POWERTOOLS_METRICS_DISABLED", "PYTHONUNBUFFERED"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in hiding},
        **stack_environment(resources, "http://cdn.test", lease_seconds=30),
        "_HANDLER": "tests.integration.metric_handler.handler",
    }
    metrics = MetricsLog(tmp_path / "dev.metrics.jsonl").reset()
    terminal = tmp_path / "jobs-1.log"
    supervisor = Supervisor(
        [WorkerSpec("jobs-1")],
        env=env,
        limits=DEPLOYED_PROCESSOR,
        cwd=REPO,
        output=lambda spec: terminal.open("ab"),
        metrics=metrics,
    ).start()
    try:
        # WHEN three jobs arrive
        sqs = emulator.aws("sqs")
        for body in ("job:" + "a" * 6, "job:" + "b" * 16, "job:" + "c" * 26):
            sqs.send_message(QueueUrl=resources.queue_url, MessageBody=body)

        # THEN the metrics file holds their three EMF lines, and the terminal every line
        eventually(lambda: len(metrics.path.read_text().splitlines()) == 3, timeout=60)
    finally:
        supervisor.stop()
    shown = terminal.read_text()
    assert shown.count("handled ") >= 3
    assert [line for line in shown.splitlines() if '"_aws"' in line] == metrics.path.read_text().splitlines()
    summary = summarise_file(metrics.path, last=100)
    assert summary.items == 3
    assert summary.outcomes["image"]["READY"] == 3
    assert summary.processing["image"].count == 3
    assert summary.processing["image"].p50 == 20.0
