"""A short animated WebP preview of a video: a few seconds from the poster on, small and sparse
(PREVIEW_SECONDS at PREVIEW_FPS, at most PREVIEW_WIDTH wide, and no taller than WebP can write), so it
costs little to make and to load."""

from __future__ import annotations

import time
from itertools import pairwise
from typing import Any

from PIL import Image

from app.domain.metrics import RenditionRole
from app.domain.presets import ImageFormat
from processors.budget import Deadline
from processors.imaging.encode import MAX_SIDE, encode_animation
from processors.imaging.geometry import scaled
from processors.rendering import Rendition
from processors.video.frames import frames_from, to_picture

NAME = "preview"
PREVIEW_SECONDS = 3.0
PREVIEW_FPS = 8
PREVIEW_WIDTH = 320
QUALITY = 70


def preview_rendition(
    container: Any, stream: Any, start_s: float, upright: tuple[int, int], deadline: Deadline
) -> Rendition | None:
    # Its making is all of this: the frames after the poster are decoded for the preview alone.
    started = time.perf_counter()
    width, height = scaled(min(PREVIEW_WIDTH, upright[0]), upright, MAX_SIDE[ImageFormat.WEBP])
    size = (width, max(2, height))
    step = 1 / PREVIEW_FPS
    frames: list[Image.Image] = []
    times: list[float] = []
    next_at = start_s
    for frame in frames_from(container, stream, start_s, deadline):
        moment = float(frame.time if frame.time is not None else next_at)
        if moment >= start_s + PREVIEW_SECONDS or len(frames) >= PREVIEW_SECONDS * PREVIEW_FPS:
            break
        if moment + 1e-3 < next_at:
            continue
        frames.append(to_picture(frame, size))
        times.append(moment)
        next_at = moment + step
    if len(frames) < 2:
        return None
    durations = [max(20, round((later - earlier) * 1000)) for earlier, later in pairwise(times)]
    durations.append(round(step * 1000))
    data = encode_animation(frames, durations, 0, QUALITY, None)
    ms = (time.perf_counter() - started) * 1000
    return Rendition(
        NAME,
        ImageFormat.WEBP,
        size[0],
        size[1],
        data,
        animated=True,
        role=RenditionRole.PREVIEW,
        milliseconds=ms,
    )
