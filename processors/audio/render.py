"""Audio in, renditions out: codec, sample rate, channels, bitrate, duration and tags, guarded by
the duration limit before decoding; then one decode of the whole track feeds everything else at
once: the levels (the `waveform` image and the `peaks` JSON) and, when the preset says how, the
loudness (EBU R128) and what plays (the `audio-m4a` and `audio-opus` files)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import av

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import Step, StepTimes
from app.domain.models import MediaKind
from app.domain.presets import Preset
from processors.audio.encode import AudioEncoders
from processors.audio.frames import copied
from processors.audio.loudness import Loudness
from processors.audio.probe import audio_facts, first_audio_stream
from processors.audio.waveform import Levels, peaks_rendition, waveform_rendition
from processors.budget import Deadline
from processors.container import check_duration, corrupt, duration_s, open_container, tags
from processors.original import Original
from processors.rendering import Rendering, Rendition


def render_audio(
    data: Original, content_type: str, preset: Preset, limits: Limits, deadline: Deadline, times: StepTimes
) -> Rendering:
    folder = Path(tempfile.mkdtemp(prefix="renditions-")) if preset.audio is not None else None
    try:
        return _render(data, content_type, preset, limits, deadline, times, folder)
    except BaseException:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _render(
    data: Original,
    content_type: str,
    preset: Preset,
    limits: Limits,
    deadline: Deadline,
    times: StepTimes,
    folder: Path | None,
) -> Rendering:
    with open_container(data, content_type) as container, times.step(Step.DECODE):
        stream = first_audio_stream(container)
        if stream is None:
            raise InputRejected("The file has no audio or video stream.", ErrorCode.CORRUPT)
        duration = duration_s(container, stream)
        check_duration(duration, limits, MediaKind.AUDIO)
        facts = audio_facts(stream)
        metadata: dict[str, Any] = {
            "format": container.format.name.split(",")[0],
            "durationS": round(duration, 3) if duration is not None else None,
            **facts,
            "bitrate": facts["bitrate"] or (int(container.bit_rate or 0) or None),
            "tags": tags(container, stream),
        }
        levels = Levels()
        try:
            loudness = Loudness(stream) if preset.audio is not None else None
            encoders = AudioEncoders(stream, preset.audio, folder) if preset.audio and folder else None
            taps: list[Levels | Loudness | AudioEncoders] = [levels]
            taps += [tap for tap in (loudness, encoders) if tap is not None]
            for frame in container.decode(stream):
                deadline.check("decoding the audio")
                for tap in taps:
                    tap.feed(copied(frame))
            for tap in taps:
                tap.feed(None)
        except (av.FFmpegError, ValueError, OSError, EOFError, MemoryError) as error:
            raise corrupt(error) from error
        if not levels.lows:
            raise InputRejected("The audio stream holds no samples that could be decoded.", ErrorCode.CORRUPT)
        if duration is None:
            metadata["durationS"] = round(len(levels.lows) / 100, 2)
            check_duration(metadata["durationS"], limits, MediaKind.AUDIO)
        if loudness is not None:
            metadata.update(loudness.measured())
    with times.step(Step.RENDER):
        renditions: list[Rendition] = [waveform_rendition(levels.peaks), peaks_rendition(levels)]
        if encoders is not None:
            renditions += encoders.renditions()
        return Rendering(
            renditions=renditions,
            metadata={k: v for k, v in metadata.items() if v not in (None, {})},
            folder=folder,
        )
