"""The processor's handler, with media work that misbehaves on marked inputs as a hostile file can
make a decoder misbehave: it grows without bound (HOG) or never returns (HANG). Everything else, the
claim, S3, DynamoDB and SQS, is the real thing over HTTP; unmarked inputs are processed for real.

A worker runs it when `_HANDLER` names `tests.integration.misbehaving_handler.handler`, as Lambda's
runtime would; the supervisor then has a real process to kill at the memory limit or the timeout.
"""

from __future__ import annotations

import os
import sys
import time

from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import Preset
from processors import media
from processors.original import Original
from processors.rendering import Rendering

HOG = b"MEDIAPIPE-TEST-HOG"
HANG = b"MEDIAPIPE-TEST-HANG"
MIB = 1024 * 1024

# The pipeline takes its media function when it is imported: replace it before that happens.
assert "processors.pipeline" not in sys.modules, "import this module before processors.pipeline"
_real_media = media.process_media


def _misbehaving_media(
    data: Original, content_type: str, preset: Preset, limits: Limits, times: StepTimes | None = None
) -> Rendering:
    if data[-len(HOG) :] == HOG:  # the original may be a map of a file: no endswith
        _grow_until_killed()
    if data[-len(HANG) :] == HANG:
        time.sleep(3600)
    return _real_media(data, content_type, preset, limits, times)


def _grow_until_killed() -> None:
    """8 MiB more every few milliseconds, up to twice the function's memory (bounded, should the
    supervisor fail to step in: the test then fails on its own, not the machine)."""
    ceiling = 2 * int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]) * MIB
    held: list[bytes] = []
    while len(held) * 8 * MIB < ceiling:
        held.append(b"\x01" * (8 * MIB))  # written, so resident
        time.sleep(0.005)
    time.sleep(3600)


media.process_media = _misbehaving_media

from processors.handler import handler  # noqa: E402  # after the media function is replaced

__all__ = ["HANG", "HOG", "handler"]
