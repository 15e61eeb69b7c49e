"""A song's levels, as a picture and as numbers: the lowest and highest sample of every 10 ms,
drawn as mirrored bars on a transparent PNG (`waveform`), and written as audiowaveform's JSON
(`peaks`), which peaks.js reads as it is and wavesurfer.js takes as its `peaks` once scaled to
-1..1.

The track is fed frame by frame as it is decoded, resampled by FFmpeg to mono 16-bit at 8 kHz
(enough for the envelope: a column is hundreds of samples wide), and reduced to 100 windows per
second as it streams, so memory stays small whatever the duration.
"""

from __future__ import annotations

import io
import json
import time
from array import array
from typing import Any

import av
from PIL import Image, ImageDraw

from app.domain.metrics import RenditionRole
from app.domain.presets import ImageFormat
from processors.rendering import PlayableFormat, Rendition

NAME, PEAKS_NAME = "waveform", "peaks"
WIDTH, HEIGHT = 1200, 240
BAR, GAP = 3, 1
COLOR = (79, 70, 229, 255)
RATE = 8000
PEAKS_PER_SECOND = 100
_WINDOW = RATE // PEAKS_PER_SECOND


class Levels:
    """The lowest and highest sample (-32768..32767) of every 10 ms of the track, as it is fed."""

    def __init__(self) -> None:
        self._resampler = av.AudioResampler(format="s16", layout="mono", rate=RATE)
        self.lows: list[int] = []
        self.highs: list[int] = []
        self._carry = array("h")

    def feed(self, frame: Any | None) -> None:
        """A decoded frame of the track, in order; None at its end."""
        for mono in self._resampler.resample(frame):
            self._carry.frombytes(bytes(mono.planes[0])[: mono.samples * 2])
            usable = len(self._carry) - len(self._carry) % _WINDOW
            self._add(usable)
            del self._carry[:usable]
        if frame is None and self._carry:
            self._add(len(self._carry))
            del self._carry[:]

    def _add(self, usable: int) -> None:
        samples = self._carry
        for start in range(0, usable, _WINDOW):
            window = samples[start : start + _WINDOW]
            self.lows.append(min(window))
            self.highs.append(max(window))

    @property
    def peaks(self) -> list[int]:
        """The absolute peak of every window, 0..32767."""
        return [max(high, -low, 0) for low, high in zip(self.lows, self.highs, strict=True)]


def peaks_rendition(levels: Levels) -> Rendition:
    """audiowaveform's JSON format, version 2, 8 bits: `data` holds each window's min and max."""
    started = time.perf_counter()
    data: list[int] = []
    for low, high in zip(levels.lows, levels.highs, strict=True):
        data += (max(-128, low >> 8), high >> 8)
    document = {
        "version": 2,
        "channels": 1,
        "sample_rate": RATE,
        "samples_per_pixel": _WINDOW,
        "bits": 8,
        "length": len(levels.lows),
        "data": data,
    }
    body = json.dumps(document, separators=(",", ":")).encode()
    ms = (time.perf_counter() - started) * 1000
    return Rendition(
        PEAKS_NAME,
        PlayableFormat.PEAKS,
        0,
        0,
        body,
        duration_s=round(len(levels.lows) / PEAKS_PER_SECOND, 3),
        role=RenditionRole.PEAKS,
        milliseconds=ms,
    )


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
