"""Video in, renditions out: facts from the container, guards before decoding, a poster frame
turned into the preset's still variants (`poster-w640`, ...), a short animated `preview`, and, when
the preset says how, what plays: the `video` MP4 and the adaptive `stream` (processors/video/playable.py).

The guards come before any of it: the frame size against the pixel and shape limits, the duration
against its own limit, so the transcode's cost is bounded before it starts, and the per-item budget
stops it if it runs over. A file with no video stream (an audio-only MP4 or WebM) is handled as audio.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import RenditionRole, Step, StepTimes
from app.domain.models import MediaKind
from app.domain.presets import Preset
from processors.audio.probe import audio_facts, first_audio_stream
from processors.budget import Deadline
from processors.container import check_duration, duration_s, open_container, recording_facts
from processors.imaging.blurhash import blurhash
from processors.imaging.decode import check_shape
from processors.imaging.dominant import dominant_color
from processors.imaging.geometry import crop_box, targets
from processors.imaging.variants import still_variants
from processors.original import Original
from processors.rendering import Rendering
from processors.video.frames import rotation_of, to_picture, upright_size
from processors.video.playable import playable_renditions
from processors.video.poster import choose_poster
from processors.video.preview import preview_rendition
from processors.video.streams import first_video_stream

POSTER_PREFIX = "poster-"


def render_video(
    data: Original, content_type: str, preset: Preset, limits: Limits, deadline: Deadline, times: StepTimes
) -> Rendering:
    with open_container(data, content_type) as container:
        stream = first_video_stream(container)
        if stream is None:
            from processors.audio.render import render_audio

            return render_audio(data, content_type, preset, limits, deadline, times)
        with times.step(Step.DECODE):
            context = stream.codec_context
            check_shape((int(context.width or 0), int(context.height or 0)), limits)
            duration = duration_s(container, stream)
            check_duration(duration, limits, MediaKind.VIDEO)
            stream.thread_type = "AUTO"

            poster = choose_poster(container, stream, duration, deadline)
            if poster is None:
                raise InputRejected("The video has no frame that could be decoded.", ErrorCode.CORRUPT)
            upright = upright_size(poster.frame)
            picture = to_picture(poster.frame)
            metadata: dict[str, Any] = {
                "width": upright[0],
                "height": upright[1],
                "format": container.format.name.split(",")[0],
                "durationS": round(duration, 3) if duration is not None else None,
                "videoCodec": context.name,
                "frameRate": _rate(stream),
                "rotation": (360 - rotation_of(poster.frame)) % 360,  # clockwise degrees applied
                "bitrate": int(container.bit_rate or 0) or None,
                "posterAtS": round(poster.time_s, 3),
                **_audio_track(container),
                **recording_facts(container, keep_location=preset.keep_location),
            }
        with times.step(Step.RENDER):
            stills = still_variants(
                picture,
                crop_box(upright, preset),
                targets(upright, preset),
                preset.formats,
                None,
                deadline,
                role=RenditionRole.POSTER,
                prefix=POSTER_PREFIX,
            )
            renditions = stills.renditions
            preview = preview_rendition(container, stream, poster.time_s, upright, deadline)
            if preview is not None:
                renditions.append(preview)
            smallest = stills.smallest
    folder = None
    if preset.video is not None:
        folder = Path(tempfile.mkdtemp(prefix="renditions-"))
        try:
            with times.step(Step.RENDER):
                renditions += playable_renditions(
                    data, content_type, preset.video, folder, deadline, limits.max_seconds(MediaKind.VIDEO)
                )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    return Rendering(
        renditions=renditions,
        metadata={k: v for k, v in metadata.items() if v is not None},
        blurhash=blurhash(smallest),
        dominant_color=dominant_color(smallest),
        folder=folder,
    )


def _rate(stream: Any) -> float | None:
    rate = stream.average_rate or stream.guessed_rate
    return round(float(rate), 3) if rate else None


def _audio_track(container: Any) -> dict[str, Any]:
    audio = first_audio_stream(container)
    if audio is None:
        return {"hasAudio": False}
    facts = audio_facts(audio)
    return {
        "hasAudio": True,
        "audioCodec": facts["codec"],
        "sampleRate": facts["sampleRate"],
        "channels": facts["channels"],
    }
