"""Audio in, renditions out: codec, sample rate, channels, bitrate, duration and tags, guarded by
the duration limit before decoding, and a `waveform` image of the whole track."""

from __future__ import annotations

from typing import Any

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import Step, StepTimes
from app.domain.presets import Preset
from processors.audio.probe import audio_facts, first_audio_stream
from processors.audio.waveform import peaks, waveform_rendition
from processors.budget import Deadline
from processors.container import check_duration, duration_s, open_container, tags
from processors.original import Original
from processors.rendering import Rendering


def render_audio(
    data: Original, content_type: str, preset: Preset, limits: Limits, deadline: Deadline, times: StepTimes
) -> Rendering:
    del preset  # every preset gets the same waveform; presets shape pictures
    with open_container(data, content_type) as container, times.step(Step.DECODE):
        stream = first_audio_stream(container)
        if stream is None:
            raise InputRejected("The file has no audio or video stream.", ErrorCode.CORRUPT)
        duration = duration_s(container, stream)
        check_duration(duration, limits)
        facts = audio_facts(stream)
        metadata: dict[str, Any] = {
            "format": container.format.name.split(",")[0],
            "durationS": round(duration, 3) if duration is not None else None,
            **facts,
            "bitrate": facts["bitrate"] or (int(container.bit_rate or 0) or None),
            "tags": tags(container, stream),
        }
        levels = peaks(container, stream, deadline)
        if not levels:
            raise InputRejected("The audio stream holds no samples that could be decoded.", ErrorCode.CORRUPT)
        if duration is None:
            metadata["durationS"] = round(len(levels) / 100, 2)
            check_duration(metadata["durationS"], limits)
    with times.step(Step.RENDER):
        return Rendering(
            renditions=[waveform_rendition(levels)],
            metadata={k: v for k, v in metadata.items() if v not in (None, {})},
        )
