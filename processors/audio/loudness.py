"""A song's loudness as EBU R128 defines it, measured by FFmpeg's ebur128 filter as the decoded
frames stream past (nothing is held: the filter keeps its gating blocks, not the samples).

The frames are resampled to 48 kHz float first, in a layout FFmpeg names: the meter's filters are
specified at 48 kHz, and a file that leaves its layout unnamed (a mono WAV says only "1 channel")
or a rate the filter refuses (8 kHz) would otherwise be refused by the graph.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import av

# What the filter writes on each frame it passes when asked for metadata: the running values, so
# the last frame's are the whole track's.
_INTEGRATED, _RANGE = "lavfi.r128.I", "lavfi.r128.LRA"


RATE = 48_000


class Loudness:
    def __init__(self, stream: Any) -> None:
        # Surround keeps its layout (the meter weighs its channels as R128 says); an unnamed one is
        # mixed to stereo.
        named = getattr(stream.codec_context.layout, "name", "")
        channels = int(stream.codec_context.channels or 2)
        layout = (
            "mono" if channels == 1 else (named if channels > 2 and "channels" not in named else "stereo")
        )
        self._resampler = av.AudioResampler(format="flt", layout=layout, rate=RATE)
        self._graph = av.filter.Graph()
        source = self._graph.add_abuffer(
            format="flt", sample_rate=RATE, layout=layout, time_base=Fraction(1, RATE)
        )
        meter = self._graph.add("ebur128", "metadata=1")
        self._sink = self._graph.add("abuffersink")
        source.link_to(meter)
        meter.link_to(self._sink)
        self._graph.configure()
        self._last: dict[str, str] = {}

    def feed(self, frame: Any | None) -> None:
        """A decoded frame of the track, in order; None at its end."""
        for resampled in self._resampler.resample(frame):
            self._push(resampled)
        if frame is None:
            self._push(None)

    def _push(self, frame: Any | None) -> None:
        self._graph.push(frame)
        while True:
            try:
                metadata = dict(self._sink.pull().metadata)
            except (av.BlockingIOError, av.EOFError):
                return
            if _INTEGRATED in metadata:
                self._last = metadata

    def measured(self) -> dict[str, float]:
        """Integrated loudness (LUFS) and loudness range (LU); silence measures -70 LUFS, the gate."""
        found = {"loudnessLufs": self._last.get(_INTEGRATED), "loudnessRangeLu": self._last.get(_RANGE)}
        return {name: round(float(value), 1) for name, value in found.items() if value is not None}
