"""Hostile files end REJECTED with a code (or, for polyglots and awkward shapes, READY with clean
re-encoded outputs every encoder can write), each in bounded memory, in a process of its own whose
address space is capped; a refusal costs next to nothing. The table of outcomes, peak memory and
time is printed at the end of the run (and kept in docs/security.md)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.domain.presets import ImageFormat
from processors.imaging.encode import MAX_SIDE
from tests.conftest import REPO
from tests.hostile_corpus import CASES, Case

# A 1 GB Lambda is the target: the work must fit well inside it. The cap makes a runaway
# allocation fail fast instead of swapping the machine.
ADDRESS_SPACE_CAP = 4 * 1024**3
PEAK_RSS_LIMIT_MIB = 1024
# A refusal is decided from headers and block lengths: it may cost little more than reading the file.
REFUSAL_RSS_LIMIT_MIB = 64
REJECTED_OR_READY = {
    "READY",
    "TOO_MANY_PIXELS",
    "UNSUPPORTED_DIMENSIONS",
    "TOO_MUCH_METADATA",
    "TOO_MANY_FRAMES",
    "TOO_LONG",
    "TOO_COMPLEX",
    "CORRUPT",
    "EMPTY",
    "TYPE_MISMATCH",
    "UNSUPPORTED_TYPE",
    "TOO_LARGE",
}
# How the real-world corpus must end (see ../shared/samples/SOURCES.md for what each file is).
SAMPLE_OUTCOMES = {
    "empty.jpeg": {"EMPTY"},
    "heic_hdlr_box.jpg": {"READY"},
    "png-pretending-to-be.bmp": {"TYPE_MISMATCH", "READY"},
    # It declares 32540 x 255: a sliver past the 100:1 aspect limit, refused before decoding.
    "bug_double_free.jpg": {"UNSUPPORTED_DIMENSIONS"},
    "invalid-exif.jpg": {"READY"},
    "xcsn0g01.png": {"READY", "CORRUPT"},
}
DECLARED_BY_SUFFIX = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".avif": "image/avif",
}


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def probe(path: Path, declared: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.hostile_probe", str(path), declared],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_cap_memory,  # a fresh child; nothing else runs in it yet
        check=False,
    )
    assert result.returncode == 0, f"the probe died on {path.name}:\n{result.stderr[-2000:]}"
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def record(tables: dict[str, list[tuple[str, ...]]], case: str, found: dict[str, Any]) -> None:
    rows = tables.setdefault("hostile inputs: outcome, peak RSS and time of the work", [])
    if not rows:
        rows.append(("input", "outcome", "MiB above baseline", "peak MiB", "seconds"))
    rows.append(
        (
            case,
            found["outcome"],
            f"{found['peak_rss_mib'] - found['baseline_rss_mib']:.0f}",
            f"{found['peak_rss_mib']:.0f}",
            f"{found['seconds']:.2f}",
        )
    )


def check_costs(found: dict[str, Any]) -> None:
    assert found["peak_rss_mib"] < PEAK_RSS_LIMIT_MIB, found
    if found["outcome"] != "READY":
        assert found["peak_rss_mib"] - found["baseline_rss_mib"] < REFUSAL_RSS_LIMIT_MIB, found
        assert found["outputs"] == []
        return
    # Every output is one its encoder can write, so nothing READY-able ends FAILED on every retry.
    for fmt, width, height in found["variants"]:
        assert max(width, height) <= MAX_SIDE[ImageFormat(fmt)], found["variants"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_generated_hostile_inputs(
    case: Case, tmp_path: Path, tables: dict[str, list[tuple[str, ...]]]
) -> None:
    path = tmp_path / "input"
    path.write_bytes(case.build())
    found = probe(path, case.declared)
    record(tables, case.name, found)
    assert found["outcome"] in case.expected, found
    check_costs(found)
    if case.name.startswith("gif+zip"):
        # Outputs are re-encoded pixels: nothing of the appended archive survives.
        assert found["outputs"]
        assert not found["archive_in_outputs"]


def test_the_real_world_bad_corpus(samples: Path, tables: dict[str, list[tuple[str, ...]]]) -> None:
    for path in sorted((samples / "bad").iterdir()):
        declared = DECLARED_BY_SUFFIX[path.suffix.lower()]
        found = probe(path, declared)
        record(tables, f"bad/{path.name}", found)
        expected = SAMPLE_OUTCOMES.get(path.name, REJECTED_OR_READY - {"READY"})
        assert found["outcome"] in expected, (path.name, found)
        check_costs(found)
