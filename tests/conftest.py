"""Shared test helpers: where the real sample media lives, and timings worth reporting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = REPO.parent / "shared" / "samples"


def samples_root() -> Path:
    return Path(os.environ.get("MEDIAPIPE_SAMPLES", DEFAULT_SAMPLES))


@pytest.fixture(scope="session")
def samples() -> Path:
    root = samples_root()
    if not (root / "SOURCES.md").is_file():
        pytest.skip(f"real sample media not found at {root} (set MEDIAPIPE_SAMPLES to their folder)")
    return root


# --- figures printed at the end of a run (upload -> READY times and the like) --------------------

_REPORT: dict[str, list[float]] = {}
_TABLES: dict[str, list[tuple[str, ...]]] = {}


@pytest.fixture(scope="session")
def report() -> dict[str, list[float]]:
    return _REPORT


@pytest.fixture(scope="session")
def tables() -> dict[str, list[tuple[str, ...]]]:
    return _TABLES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, rows in _TABLES.items():
        terminalreporter.section(title)
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            terminalreporter.write_line(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
    if not _REPORT:
        return
    terminalreporter.section("figures")
    for name, values in sorted(_REPORT.items()):
        ordered = sorted(values)
        median = ordered[len(ordered) // 2]
        terminalreporter.write_line(
            f"{name}: n={len(values)} median={median:.3f} min={ordered[0]:.3f} max={ordered[-1]:.3f}"
        )
