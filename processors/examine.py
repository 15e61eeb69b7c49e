"""The pipeline's verdict on one original, from its bytes: sniff, check, render.

The processor (processors/pipeline.py) wraps this in storage and table work, and `mediapipe
process` (app/client/offline.py) in files, so a local file is judged exactly as an upload is:
same checks, same order, same codes and messages. Pure: no AWS, no files, no globals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aws_lambda_powertools import Logger

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.media_types import kind_of
from app.domain.metrics import Step, StepTimes
from app.domain.models import ItemError, MediaStatus, Refused
from app.domain.presets import Preset
from app.domain.rules import Rules
from processors.media import process_media
from processors.original import Original
from processors.rendering import Rendering
from processors.sniff import HEAD_BYTES, sniff
from processors.validation import Declared, check_real_type, check_size

logger = Logger(child=True)

# Bytes, their real type, the preset, the limits, and where the work records its decode and render
# times (the media work knows where one ends and the other begins; the caller does not).
MediaFunction = Callable[[Original, str, Preset, Limits, StepTimes], Rendering]


@dataclass(frozen=True, slots=True)
class Examined:
    real_type: str | None  # what the bytes are, whatever was declared (None: nothing we can name)
    outcome: Rendering | Refused


def examine(
    data: Original,
    rules: Rules,
    preset: Preset,
    declared: Declared | None = None,
    *,
    media: MediaFunction = process_media,
    log_extra: Mapping[str, object] | None = None,
    times: StepTimes | None = None,
) -> Examined:
    """`declared` is what the upload said; None for a local file, which declares nothing (see
    processors/validation.py for what the checks hold it to instead). `times` gets the sniff's, the
    decode's and the render's durations."""
    times = times if times is not None else StepTimes()
    with times.step(Step.SNIFF):
        real_type = sniff(data[:HEAD_BYTES])
    kind = declared.kind if declared else kind_of(real_type or "")
    declared_size = declared.size if declared else None
    if problem := check_size(len(data), kind, rules.limits, declared_size):
        return Examined(real_type, Refused(MediaStatus.REJECTED, problem))
    if problem := check_real_type(real_type, rules.accepted_types, declared):
        return Examined(real_type, Refused(MediaStatus.REJECTED, problem))
    assert real_type is not None  # checked above
    try:
        rendering = media(data, real_type, preset, rules.limits, times)
    except InputRejected as rejected:
        return Examined(real_type, Refused(MediaStatus.REJECTED, ItemError(rejected.code, rejected.message)))
    except Exception:
        logger.exception("Media processing failed", extra=dict(log_extra or {}))
        failed = ItemError(ErrorCode.PROCESSING_ERROR, "Processing failed unexpectedly; retrying may help.")
        return Examined(real_type, Refused(MediaStatus.FAILED, failed))
    return Examined(real_type, rendering)
