"""A small version of `make load` against the session's stack: a burst of uploads from concurrent
clients, readers alongside, every item READY and no errors. It reports figures; it asserts none."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO
from tests.integration.conftest import Stack


def test_a_small_burst_all_ends_ready_without_errors(stack: Stack, report: dict[str, list[float]]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--state-file",
            str(stack.state_file),
            "--uploads",
            "12",
            "--clients",
            "3",
            "--readers",
            "2",
            "--timeout",
            "240",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["ready"] == figures["uploads"] == 12
    assert figures["error_rate"] == 0
    report.setdefault("load smoke: items per second (12 uploads, 3 clients)", []).append(
        figures["items_per_second"]
    )
