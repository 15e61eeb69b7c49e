"""One decoded audio frame handed to several consumers, each with a copy of its own.

Why copies: an FFmpeg filter graph (PyAV's resampler is one) may keep a reference to the frame it
was pushed and hand its buffers on; the next resampler pushed the same frame is then refused
(EINVAL, seen with an 8 kHz mono WAV). A copy costs one memcpy of the samples, next to the
decoding and encoding nothing. The copy also names a layout FFmpeg left unnamed ("1 channels").
"""

from __future__ import annotations

from typing import Any

import av

_NAMED = {1: "mono", 2: "stereo"}


def copied(frame: Any) -> Any:
    layout = frame.layout.name
    if "channels" in layout:  # FFmpeg's placeholder for an unspecified layout
        layout = _NAMED.get(len(frame.layout.channels), layout)
    copy = av.AudioFrame(format=frame.format.name, layout=layout, samples=frame.samples)
    for target, source in zip(copy.planes, frame.planes, strict=True):
        target.update(bytes(source)[: target.buffer_size])
    copy.sample_rate, copy.pts, copy.time_base = frame.sample_rate, frame.pts, frame.time_base
    return copy
