"""Peak resident memory of one `process_media` call, in a process of its own (run by bench/run.py),
optionally restricted to its first N CPUs (so to N encoder threads).

    python bench/memory.py FILE CONTENT_TYPE [CPUS]

Prints JSON: the RSS high-water mark after imports and reading the file (baseline) and at the end
(peak), in MB. It reads VmHWM: getrusage's ru_maxrss survives exec, so a child of a big parent
would report the parent's peak.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def high_water_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(path: str, content_type: str, cpus: int | None = None) -> None:
    import os

    from app.domain.limits import Limits
    from app.domain.presets import BUILTIN_PRESETS
    from processors.imaging import render  # noqa: F401 - imported before the baseline is taken
    from processors.media import process_media

    if cpus is not None:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[:cpus])
    data = Path(path).read_bytes()
    baseline = high_water_mb()
    rendering = process_media(data, content_type, BUILTIN_PRESETS[0], Limits())
    peak = high_water_mb()
    print(json.dumps({"baseline_mb": baseline, "peak_mb": peak, "outputs": len(rendering.renditions)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
