"""A one-run `make coldstart`: each handler answers its event from the built zips in a clean
interpreter, so the benchmark cannot rot. It asserts the answers, never the times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_each_handler_answers_from_its_artifact(tmp_path: Path) -> None:
    figures = tmp_path / "coldstart.json"
    result = subprocess.run(
        [sys.executable, "bench/coldstart.py", "--runs", "1", "--json", str(figures)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(figures.read_text())
    assert set(report["median_ms"]) == {"baseline", "api", "processor"}
    assert all(value > 0 for value in report["median_ms"].values())
    print(result.stdout)
