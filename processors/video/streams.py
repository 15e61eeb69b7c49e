"""Which of a container's streams is the video."""

from __future__ import annotations

from typing import Any


def first_video_stream(container: Any) -> Any | None:
    """The first real video stream; cover art attached to audio files does not count."""
    from av.stream import Disposition

    for stream in container.streams.video:
        if not stream.disposition & int(Disposition.attached_pic):
            return stream
    return None
