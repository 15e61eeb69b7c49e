"""Run one file through the processor's pipeline, in a process of its own, and print what it cost.

    python -m tests.integration.hostile_probe FILE DECLARED_TYPE

Prints JSON: the outcome (READY or the error code), this process's peak RSS before and after the
work (MiB), the seconds it took, and the outputs (their keys; each variant's format, width and
height). The pipeline is the real one; only storage and the table are in memory, so what is
measured is the media work and its guards.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path


def peak_rss_kib() -> int:
    """This process's peak resident set, in KiB.

    Linux's VmHWM belongs to the address space, which exec replaces, so it counts this program
    only; ru_maxrss survives exec and starts at the forking parent's size (a pytest process that
    has run other tests may be hundreds of MiB), which would hide the work being measured."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(path: str, declared: str) -> None:
    import av  # noqa: F401

    from app.domain import keys
    from app.domain.jobs import Job
    from app.domain.limits import Limits
    from app.domain.media_types import kind_of
    from app.domain.models import MediaItem, MediaKind, MediaStatus
    from app.domain.presets import BUILTIN_PRESETS
    from app.domain.rules import Rules
    from app.settings import PROCESSABLE_TYPES
    from processors.imaging import plugins  # noqa: F401  # the decoders' import cost is not the file's
    from processors.pipeline import Pipeline, PipelineConfig
    from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage

    data = Path(path).read_bytes()
    clock, repository, storage = FakeClock(), InMemoryRepository(), InMemoryStorage()
    media_id = "01JH0STLE0000000000000000A"
    repository.create(
        MediaItem(
            owner="probe",
            id=media_id,
            filename=Path(path).name,
            content_type=declared,
            kind=kind_of(declared) or MediaKind.IMAGE,
            size=max(1, len(data)),
            preset="default",
            status=MediaStatus.AWAITING_UPLOAD,
            created_at=clock(),
            updated_at=clock(),
        )
    )
    storage.originals[keys.original_key("probe", media_id)] = data
    config = PipelineConfig(
        rules=Rules(BUILTIN_PRESETS, "default", Limits(), PROCESSABLE_TYPES),
        lease=timedelta(seconds=120),
    )
    pipeline = Pipeline(repository, storage, config, clock=clock)
    baseline = peak_rss_kib()
    started = time.perf_counter()
    pipeline.run(Job("probe", media_id))
    elapsed = time.perf_counter() - started
    item = repository.get("probe", media_id)
    assert item is not None
    outcome = item.status.value if item.error is None else item.error.code.value
    print(
        json.dumps(
            {
                "outcome": outcome,
                "baseline_rss_mib": baseline / 1024,
                "peak_rss_mib": peak_rss_kib() / 1024,
                "seconds": elapsed,
                "outputs": sorted(storage.outputs),
                "variants": [[v.format, v.width, v.height] for v in item.variants],
                "archive_in_outputs": any(b"PK\x03\x04" in data for data, _ in storage.outputs.values()),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
