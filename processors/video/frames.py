"""Decoded video frames as upright Pillow images, read a bounded number at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import av
from PIL import Image

from processors.budget import Deadline
from processors.container import corrupt

# Frames decoded after one seek before giving up on reaching the wanted time (a keyframe interval).
MAX_FRAMES_PER_SEEK = 600
_TURN = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}


def rotation_of(frame: Any) -> int:
    """Counter-clockwise degrees the frame must turn to display upright (FFmpeg's display matrix:
    an iPhone portrait clip stores landscape frames and says -90)."""
    return round(float(getattr(frame, "rotation", 0) or 0) / 90) * 90 % 360


def upright_size(frame: Any) -> tuple[int, int]:
    width, height = int(frame.width), int(frame.height)
    return (height, width) if rotation_of(frame) in (90, 270) else (width, height)


def to_picture(frame: Any, size: tuple[int, int] | None = None) -> Image.Image:
    """The frame as upright RGB; `size` (upright terms) scales in FFmpeg's swscale on the way."""
    turn = rotation_of(frame)
    if size is not None:
        stored = (size[1], size[0]) if turn in (90, 270) else size
        picture: Image.Image = frame.to_image(width=stored[0], height=stored[1])
    else:
        picture = frame.to_image()
    method = _TURN.get(turn)
    return picture.transpose(method) if method is not None else picture


def frames_from(container: Any, stream: Any, start_s: float, deadline: Deadline) -> Iterator[Any]:
    """Frames at or after `start_s` (seeking to the keyframe before it), until the caller stops."""
    try:
        # Always, even to the start: seeking also flushes the decoder, which an earlier pass over
        # the stream (the poster's) may have drained to its end; with frame threads (more than one
        # CPU) a short clip is drained before its first frame comes out, and a drained decoder
        # refuses every packet after (EOF from avcodec_send_packet) until flushed.
        container.seek(int(start_s / stream.time_base), stream=stream, backward=True, any_frame=False)
        skipped = 0
        for frame in container.decode(stream):
            deadline.check("decoding video frames")
            if frame.time is not None and frame.time + 1e-3 < start_s:
                skipped += 1
                if skipped > MAX_FRAMES_PER_SEEK:
                    return
                continue
            yield frame
    except (av.FFmpegError, ValueError, OSError, EOFError, MemoryError) as error:
        raise corrupt(error) from error
