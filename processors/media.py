"""The media work as one pure function: (bytes, real content type, preset, limits) -> Rendering.

The processor Lambda and `mediapipe process` both call this; neither knows which kind of media
it is handling. Each kind's module loads only when an item of that kind arrives, so a cold start
pays for Pillow or PyAV only when it needs them. The per-item time budget starts here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.media_types import kind_of
from app.domain.metrics import StepTimes
from app.domain.models import MediaKind
from app.domain.presets import Preset
from processors.budget import Deadline
from processors.original import Original, in_memory
from processors.rendering import Rendering

RENDERERS: dict[MediaKind, str] = {
    MediaKind.IMAGE: "processors.imaging.render",
    MediaKind.VIDEO: "processors.video.render",
    MediaKind.AUDIO: "processors.audio.render",
}


def process_media(
    data: Original, content_type: str, preset: Preset, limits: Limits, times: StepTimes | None = None
) -> Rendering:
    """`data` may map a file (processors/original.py): video and audio read only what they need of
    it; an image is decoded whole, so it is read into memory first."""
    if not data:
        raise InputRejected("The file is empty.", ErrorCode.EMPTY)
    kind = kind_of(content_type)
    deadline = Deadline(limits.budget(kind))
    times = times if times is not None else StepTimes()
    if kind is MediaKind.IMAGE:
        from processors.imaging.render import render_image

        return render_image(in_memory(data), content_type, preset, limits, deadline, times)
    if kind is MediaKind.VIDEO:
        from processors.video.render import render_video

        return render_video(data, content_type, preset, limits, deadline, times)
    if kind is MediaKind.AUDIO:
        from processors.audio.render import render_audio

        return render_audio(data, content_type, preset, limits, deadline, times)
    raise InputRejected(f"Files of type {content_type} cannot be processed.", ErrorCode.UNSUPPORTED_TYPE)


def preload(content_types: Iterable[str]) -> None:
    """Import now what `process_media` would import on first meeting these types, Pillow's readers
    included. Processes forked afterwards inherit it instead of each importing its own (~0.3 s of
    CPU per worker on a first photo)."""
    for content_type in set(content_types):
        kind = kind_of(content_type)
        if kind is None:
            continue
        importlib.import_module(RENDERERS[kind])
        if kind is MediaKind.IMAGE:
            from processors.imaging.plugins import PIL_FORMATS, plugin_for

            if content_type in PIL_FORMATS:
                plugin_for(content_type)
