"""Animated GIF, WebP, APNG and AVIF sequences -> one animated WebP, within budgets.

Guards run on the header before any frame is decoded: the frame count (`max_frames`) and frames x
canvas pixels (`max_animation_pixels`). The output's size is chosen so its frames fit
`OUTPUT_PIXELS` in memory, and the deadline is checked on every frame.
"""

from __future__ import annotations

import contextlib
import math
import time

from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import RenditionRole
from app.domain.presets import ImageFormat, Preset
from processors.budget import Deadline
from processors.imaging.decode import DECODE_ERRORS, check_shape, decoder_errors, upright
from processors.imaging.encode import MAX_SIDE, encode_animation
from processors.imaging.geometry import Box, scaled
from processors.imaging.plugins import ANIMATED_FORMATS
from processors.imaging.structure import too_many_frames
from processors.rendering import Rendition

NAME = "animated"
MAX_WIDTH = 640
# Decoded output frames held at once (RGBA): 40 MP is 160 MB, well inside a 1 GB Lambda.
OUTPUT_PIXELS = 40_000_000
DEFAULT_FRAME_MS = 100
_MIN_FRAME_MS = 20  # browsers treat shorter GIF delays as 100 ms; 20 ms keeps intent without that quirk


def frame_count(image: Image.Image, limits: Limits) -> int:
    """How many frames an animation has (1 for stills and for formats that hold pages, not frames)."""
    if image.format not in ANIMATED_FORMATS:
        return 1
    try:
        with decoder_errors(limits):
            frames = int(getattr(image, "n_frames", 1))
    finally:
        _rewind(image)
    if frames > limits.max_frames:
        raise too_many_frames(frames, limits.max_frames)
    total = frames * image.size[0] * image.size[1]
    if total > limits.max_animation_pixels:
        raise InputRejected(
            f"The animation has {frames:,} frames of {image.size[0]}x{image.size[1]} "
            f"({total / 1e6:,.0f} MP in all); the limit is {limits.max_animation_pixels / 1e6:,.0f} MP.",
            ErrorCode.TOO_MANY_PIXELS,
        )
    return frames


def output_size(crop_width: int, crop_height: int, frames: int, preset: Preset) -> tuple[int, int]:
    """The preset's largest width, at most MAX_WIDTH, never upscaled, small enough that all frames
    fit OUTPUT_PIXELS, and at the crop's aspect ratio within what WebP can write."""
    width = min(crop_width, max(preset.widths), MAX_WIDTH)
    fitting = math.floor(math.sqrt(OUTPUT_PIXELS / frames * crop_width / crop_height))
    return scaled(max(1, min(width, fitting)), (crop_width, crop_height), MAX_SIDE[ImageFormat.WEBP])


def animated_rendition(
    image: Image.Image,
    *,
    orientation: int,
    crop: Box,
    frames: int,
    preset: Preset,
    limits: Limits,
    deadline: Deadline,
) -> tuple[Rendition, dict[str, int]]:
    """The animated WebP, and facts about the animation (frames, durationMs, loop)."""
    # Its making is all of this: every frame past the first is decoded and resized for it alone.
    started = time.perf_counter()
    size = output_size(*crop.size, frames, preset)
    region = (crop.left, crop.top, crop.right, crop.bottom)
    shown: list[Image.Image] = []
    durations: list[int] = []
    loop = _plays(image)
    try:
        with decoder_errors(limits):
            for index in range(frames):
                deadline.check(f"converting frame {index + 1} of the animation")
                image.seek(index)
                check_shape(image.size, limits)
                frame = upright(image.convert("RGBA"), orientation)
                frame = frame.resize(size, Image.Resampling.LANCZOS, box=region, reducing_gap=3.0)
                frame.info = {}
                shown.append(frame)
                durations.append(max(_MIN_FRAME_MS, int(image.info.get("duration") or DEFAULT_FRAME_MS)))
    finally:
        _rewind(image)
    quality = next((f.quality for f in preset.formats if f.format is ImageFormat.WEBP), 80)
    data = encode_animation(shown, durations, loop, quality, None)
    ms = (time.perf_counter() - started) * 1000
    rendition = Rendition(
        NAME,
        ImageFormat.WEBP,
        size[0],
        size[1],
        data,
        animated=True,
        role=RenditionRole.ANIMATED,
        milliseconds=ms,
    )
    return rendition, {"frames": frames, "durationMs": sum(durations), "loop": loop}


def _plays(image: Image.Image) -> int:
    """How many times the animation plays (0 = forever), in WebP's terms.

    A GIF's NETSCAPE loop count says how often to repeat after the first play (absent: play once);
    WebP and APNG count plays directly.
    """
    loop = image.info.get("loop")
    if image.format == "GIF":
        return 1 if loop is None else (0 if loop == 0 else int(loop) + 1)
    return 0 if loop is None else int(loop)


def _rewind(image: Image.Image) -> None:
    # The first frame was read before; a broken later frame cannot undo that.
    with contextlib.suppress(*DECODE_ERRORS):
        image.seek(0)
