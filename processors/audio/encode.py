"""A song encoded as it is decoded: AAC in M4A (index first, plays everywhere) and Opus in Ogg.

Each encoder is fed the decoded frames in order, resampled by FFmpeg to what it takes (48 kHz, in
frames of its own size), and writes straight to its file, so nothing grows with the duration.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av

from app.domain.metrics import RenditionRole
from app.domain.presets import AudioEncoding
from processors.audio.probe import playable_layout
from processors.codecs import AAC_LC, OPUS
from processors.container import our_side
from processors.rendering import PlayableFormat, Rendition

RATE = 48_000


@dataclass(frozen=True, slots=True)
class _Codec:
    name: str  # FFmpeg's encoder
    muxer: str
    sample_format: str
    frame_size: int
    codecs: str  # RFC 6381
    format: PlayableFormat
    options: dict[str, str]


_AAC = _Codec("aac", "ipod", "fltp", 1024, AAC_LC, PlayableFormat.M4A, {"movflags": "+faststart"})
_OPUS = _Codec("libopus", "ogg", "flt", 960, OPUS, PlayableFormat.OPUS, {})


class _Encoder:
    def __init__(self, codec: _Codec, kbps: int, layout: str, path: Path) -> None:
        self.codec, self.path = codec, path
        self._container = av.open(str(path), "w", format=codec.muxer, options=codec.options)
        stream = self._container.add_stream(codec.name, rate=RATE, layout=layout)
        assert isinstance(stream, av.AudioStream)
        stream.bit_rate = kbps * 1000
        self._stream = stream
        self._resampler = av.AudioResampler(
            format=codec.sample_format, layout=layout, rate=RATE, frame_size=codec.frame_size
        )
        self.milliseconds = 0.0

    def feed(self, frame: Any | None) -> None:
        started = time.perf_counter()
        resampled = self._resampler.resample(frame)  # a frame the resampler refuses is the file's
        with our_side(f"encoding the {self.codec.format.value}"):
            for piece in resampled:
                self._container.mux(self._stream.encode(piece))
            if frame is None:
                self._container.mux(self._stream.encode(None))
                self._container.close()
        self.milliseconds += (time.perf_counter() - started) * 1000

    def rendition(self) -> Rendition:
        with av.open(str(self.path)) as written:
            duration_s = float(written.duration or 0) / av.time_base
            bitrate = int(written.bit_rate or 0) or None
        return Rendition(
            name=f"audio-{self.codec.format.value}",
            format=self.codec.format,
            width=0,
            height=0,
            data=self.path,
            duration_s=round(duration_s, 3),
            bitrate=bitrate,
            codecs=self.codec.codecs,
            role=RenditionRole.AUDIO,
            milliseconds=self.milliseconds,
        )


class AudioEncoders:
    """The M4A and the Opus of one track, written into `folder`."""

    def __init__(self, stream: Any, encoding: AudioEncoding, folder: Path) -> None:
        layout = playable_layout(stream)
        self._encoders = [
            _Encoder(_AAC, encoding.aac_kbps, layout, folder / "audio.m4a"),
            _Encoder(_OPUS, encoding.opus_kbps, layout, folder / "audio.opus"),
        ]

    def feed(self, frame: Any | None) -> None:
        for encoder in self._encoders:
            encoder.feed(frame)

    def renditions(self) -> list[Rendition]:
        return [encoder.rendition() for encoder in self._encoders]
