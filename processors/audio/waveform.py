"""A waveform image of an audio stream: the peak level of each of WIDTH slices of the whole track,
drawn as mirrored bars on a transparent PNG.

The track is decoded once, resampled by FFmpeg to mono 16-bit at 8 kHz (enough for the envelope:
a column is hundreds of samples wide), and reduced to 100 peaks per second as it streams, so memory
stays small whatever the duration; the deadline is checked on every decoded frame.
"""

from __future__ import annotations

import io
import time
from array import array
from typing import Any

import av
from PIL import Image, ImageDraw

from app.domain.metrics import RenditionRole
from app.domain.presets import ImageFormat
from processors.budget import Deadline
from processors.container import corrupt
from processors.rendering import Rendition

NAME = "waveform"
WIDTH, HEIGHT = 1200, 240
BAR, GAP = 3, 1
COLOR = (79, 70, 229, 255)
RATE = 8000
PEAKS_PER_SECOND = 100
_WINDOW = RATE // PEAKS_PER_SECOND


def peaks(container: Any, stream: Any, deadline: Deadline) -> list[int]:
    """The absolute peak of every 10 ms of the track, 0..32767."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
    found: list[int] = []
    carry = array("h")
    try:
        for frame in container.decode(stream):
            deadline.check("drawing the waveform")
            for mono in resampler.resample(frame):
                carry.frombytes(bytes(mono.planes[0])[: mono.samples * 2])
                usable = len(carry) - len(carry) % _WINDOW
                found.extend(_window_peaks(carry, usable))
                del carry[:usable]
    except (av.FFmpegError, ValueError, OSError, EOFError, MemoryError) as error:
        raise corrupt(error) from error
    if carry:
        found.extend(_window_peaks(carry, len(carry)))
    return found


def _window_peaks(samples: array[int], usable: int) -> list[int]:
    return [
        max(max(samples[i : i + _WINDOW]), -min(samples[i : i + _WINDOW]), 0)
        for i in range(0, usable, _WINDOW)
    ]


def columns(levels: list[int], count: int) -> list[float]:
    """`count` bar heights in 0..1: the peak of each slice, normalised to the loudest."""
    if not levels:
        return [0.0] * count
    loudest = max(levels) or 1
    result = []
    for index in range(count):
        start = index * len(levels) // count
        stop = max(start + 1, (index + 1) * len(levels) // count)
        result.append(max(levels[start:stop], default=0) / loudest)
    return result


def waveform_rendition(levels: list[int]) -> Rendition:
    # The drawing and the PNG encode: the track was decoded into `levels` before (Step.DECODE).
    started = time.perf_counter()
    bars = WIDTH // (BAR + GAP)
    image = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    middle = HEIGHT / 2
    for index, level in enumerate(columns(levels, bars)):
        half = max(1.0, level * (middle - 2))
        left = index * (BAR + GAP)
        draw.rectangle((left, middle - half, left + BAR - 1, middle + half), fill=COLOR)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    ms = (time.perf_counter() - started) * 1000
    return Rendition(
        NAME, ImageFormat.PNG, WIDTH, HEIGHT, buffer.getvalue(), role=RenditionRole.WAVEFORM, milliseconds=ms
    )
