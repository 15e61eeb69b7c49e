"""The media work as one pure function: (bytes, real content type, preset, limits) -> Rendering.

The processor Lambda and `mediapipe process` both call this; neither knows which kind of media
it is handling.
"""

from __future__ import annotations

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.media_types import kind_of
from app.domain.models import MediaKind
from app.domain.presets import Preset
from processors.rendering import Rendering


def process_media(data: bytes, content_type: str, preset: Preset, limits: Limits) -> Rendering:
    kind = kind_of(content_type)
    if kind is MediaKind.IMAGE:
        from processors.imaging.render import render_image  # Pillow loads only when there is an image

        return render_image(data, content_type, preset, limits)
    raise InputRejected(f"Processing {content_type} is not supported yet.", ErrorCode.UNSUPPORTED_TYPE)
