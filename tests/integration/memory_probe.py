"""Make a video's renditions from a map of its file, in a process whose data segment is capped.

    python -m tests.integration.memory_probe FILE CONTENT_TYPE DATA_CAP_MIB

RLIMIT_DATA bounds what a process may allocate (heap, anonymous maps), not the read-only map of a
file, so a cap smaller than the file proves the original is never read into memory, and that the
transcode's buffers do not grow with it. Prints JSON: the outcome, the renditions' names and
sizes, the peak resident set (VmHWM, which counts the mapped original's pages as they are read),
what is allocated at the end (RssAnon) and the seconds the work took.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def status_mib(field: str) -> float:
    """A /proc/self/status figure: VmHWM, the peak resident set (the mapped original's pages
    included, which the kernel drops as it needs); RssAnon, what is allocated, now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(path: str, content_type: str, cap_mib: int) -> None:
    cap = cap_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    from app.domain.errors import InputRejected
    from app.domain.limits import Limits
    from app.domain.presets import BUILTIN_PRESETS
    from processors.media import process_media
    from processors.original import mapped
    from processors.rendering import EncodingFailed

    started = time.perf_counter()
    with Path(path).open("rb") as spool, mapped(spool) as data:
        try:
            rendering = process_media(data, content_type, BUILTIN_PRESETS[0], Limits())
        except (InputRejected, EncodingFailed) as refused:
            code = refused.code.value if isinstance(refused, InputRejected) else "ENCODING_FAILED"
            print(json.dumps({"outcome": code, "message": str(refused)}))
            return
    outputs = {r.name: r.size for r in rendering.renditions}
    allocated = status_mib("RssAnon")
    rendering.discard()
    seconds = time.perf_counter() - started
    figures = {"peak_mib": status_mib("VmHWM"), "allocated_mib": allocated, "seconds": seconds}
    print(json.dumps({"outcome": "READY", "outputs": outputs, **figures}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
