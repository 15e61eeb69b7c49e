"""A video larger than the memory its processor may allocate is made playable all the same: the
original is read from a map of its file, the renditions go to files, and what memory holds does
not grow with the original (processors/original.py, processors/video/transcode.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests import media_factory
from tests.conftest import REPO

BIG_MIB = 400
# Below the file's size: reading the original whole (or keeping the renditions in memory) fails.
DATA_CAP_MIB = 256


def test_a_video_bigger_than_the_memory_cap_is_transcoded_from_disk(tmp_path: Path) -> None:
    video = media_factory.big_video(tmp_path / "big.mov", BIG_MIB)
    assert video.stat().st_size > DATA_CAP_MIB * 1024 * 1024
    probe = [sys.executable, "-m", "tests.integration.memory_probe", str(video), "video/quicktime"]
    run = subprocess.run([*probe, str(DATA_CAP_MIB)], capture_output=True, text=True, cwd=REPO, timeout=280)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout)
    assert result["outcome"] == "READY", result
    assert {"video", "stream", "preview"} <= set(result["outputs"])
    assert result["allocated_mib"] < DATA_CAP_MIB
    print(
        f"\n{video.stat().st_size / 2**20:.0f} MiB video: renditions in {result['seconds']:.1f} s under a "
        f"{DATA_CAP_MIB} MiB data cap; peak RSS {result['peak_mib']:.0f} MiB with the map's pages, "
        f"{result['allocated_mib']:.0f} MiB allocated"
    )
