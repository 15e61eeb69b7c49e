"""A video made playable: one decode, every rung of the ladder encoded from it (H.264/AAC MP4),
then each rung cut into an HLS stream of fMP4 segments, and the top rung kept as the download.

The work is FFmpeg's, through PyAV, laid out as `ffmpeg -filter_complex split,scale` would: frames
are decoded once, turned upright, split and scaled in one filter graph, and each rung's libx264
encodes its copy; the audio is decoded and resampled once and encoded per rung by AAC. Keyframes
are forced at every segment boundary by time, on every rung alike, so the rungs' segments line up
and a player can switch between them at any boundary. Cutting a rung into segments is a remux (no
re-encode), which is cheap. Everything is written to files in `folder`, never held in memory.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
from av.video.frame import PictureType

from app.domain.models import MediaKind
from app.domain.presets import VideoEncoding
from processors.audio.probe import playable_layout
from processors.budget import Deadline
from processors.codecs import AAC_LC, avc1
from processors.container import corrupt, our_side, too_long
from processors.video import hls
from processors.video.frames import rotation_of, upright_size
from processors.video.ladder import Size, ladder_for

STREAM_FOLDER = "stream"
AUDIO_RATE = 48_000
AAC_FRAME = 1024
# The filters that turn a frame upright, by the counter-clockwise degrees it needs (frames.py).
_UPRIGHT = {90: [("transpose", "cclock")], 180: [("hflip", ""), ("vflip", "")], 270: [("transpose", "clock")]}


@dataclass(frozen=True, slots=True)
class Rung:
    size: Size
    mp4: Path
    codecs: str  # RFC 6381, video and audio
    bitrate: int  # bits per second of the whole file
    duration_s: float


@dataclass(frozen=True, slots=True)
class Transcoded:
    download: Rung  # the top rung's MP4, index at the front
    master: Path  # the stream's master playlist; the rest of the stream lies beside it
    beside: tuple[Path, ...]  # the stream's other files: rung playlists, init segments, segments
    peak_bps: int  # the top rung's peak, what the master's highest BANDWIDTH says
    encode_ms: float  # the decode and every rung's encode
    segment_ms: float  # cutting the rungs into the stream


def transcode(
    container: Any,
    video: Any,
    audio: Any | None,
    encoding: VideoEncoding,
    folder: Path,
    deadline: Deadline,
    max_seconds: float,
) -> Transcoded:
    """Every rendition of `video` (and `audio`, if any) into `folder`; raises InputRejected
    (CORRUPT) when the file cannot be decoded, or TOO_LONG once its frames pass `max_seconds` (a
    container that does not say how long it is was not checked before), EncodingFailed when our
    encoding or writing fails, and DeadlineExceeded past the budget."""
    started = time.perf_counter()
    try:
        rungs = _encode_rungs(container, video, audio, encoding, folder, deadline, max_seconds)
        encoded = time.perf_counter()
        stream = folder / STREAM_FOLDER
        stream.mkdir()
        variants = [_segment(rung, encoding, stream, deadline) for rung in rungs]
    except (av.FFmpegError, ValueError, OSError, EOFError, MemoryError) as error:
        raise corrupt(error) from error
    master = stream / hls.MASTER
    master.write_text(hls.master_playlist(variants))
    return Transcoded(
        download=rungs[-1],
        master=master,
        beside=tuple(sorted(path for path in stream.iterdir() if path != master)),
        peak_bps=max(v.peak_bps for v in variants),
        encode_ms=(encoded - started) * 1000,
        segment_ms=(time.perf_counter() - encoded) * 1000,
    )


# --- one decode, every rung -----------------------------------------------------------------------


class _Output:
    """One rung's MP4 being written: its container, its video and audio encoders."""

    def __init__(
        self, size: Size, path: Path, video: Any, audio: Any | None, encoding: VideoEncoding, *, top: bool
    ):
        self.size, self.path = size, path
        # The download's index goes first (fast start), so it plays before it has all arrived.
        self.container = av.open(
            str(path), "w", format="mp4", options={"movflags": "+faststart"} if top else {}
        )
        rate = video.average_rate or video.guessed_rate or Fraction(30)
        keyint = max(1, round(float(rate) * encoding.segment_seconds))
        self.video = self.container.add_stream(
            "libx264",
            rate=rate,
            options={
                "preset": encoding.speed.value,
                "crf": str(encoding.crf),
                "maxrate": f"{size.max_kbps}k",
                "bufsize": f"{size.max_kbps * 2}k",
                "profile": "high",
                # Keyframes where we force them (segment boundaries) and at most a segment apart, never
                # at scene cuts of one rung's own choosing: every rung must cut at the same frames.
                "forced-idr": "1",
                "x264-params": f"scenecut=0:open-gop=0:keyint={keyint}:min-keyint={keyint}",
            },
        )
        self.video.width, self.video.height = size.width, size.height
        self.video.pix_fmt = "yuv420p"
        self.video.time_base = video.time_base
        self.video.codec_context.time_base = video.time_base
        self.audio = None
        if audio is not None:
            self.audio = self.container.add_stream("aac", rate=AUDIO_RATE, layout=playable_layout(audio))
            self.audio.bit_rate = encoding.audio_kbps * 1000

    def write_video(self, frame: Any | None) -> None:
        with our_side(f"encoding the {self.size.name} rung"):
            self.container.mux(self.video.encode(frame))

    def write_audio(self, frame: Any | None) -> None:
        if self.audio is not None:
            with our_side(f"encoding the {self.size.name} rung's audio"):
                self.container.mux(self.audio.encode(frame))

    def close(self) -> Rung:
        self.write_video(None)
        self.write_audio(None)
        codecs = avc1(bytes(self.video.codec_context.extradata or b""))
        with our_side(f"writing the {self.size.name} rung"):
            self.container.close()
        with av.open(str(self.path)) as written:
            bitrate, duration_s = int(written.bit_rate or 0), float(written.duration or 0) / av.time_base
        codecs = f"{codecs},{AAC_LC}" if self.audio is not None else codecs
        return Rung(self.size, self.path, codecs, bitrate, round(duration_s, 3))

    def abandon(self) -> None:
        with contextlib.suppress(av.FFmpegError):  # half-written: it goes with the folder
            self.container.close()


def _encode_rungs(
    container: Any,
    video: Any,
    audio: Any | None,
    encoding: VideoEncoding,
    folder: Path,
    deadline: Deadline,
    max_seconds: float,
) -> tuple[Rung, ...]:
    video.thread_type = "AUTO"
    frames = _decoded(container, video, audio, deadline)
    first_s: float | None = None
    outputs: list[_Output] = []
    graph: _Ladder | None = None
    resampler = (
        av.AudioResampler(format="fltp", layout=playable_layout(audio), rate=AUDIO_RATE, frame_size=AAC_FRAME)
        if audio
        else None
    )
    boundaries = _Boundaries(encoding.segment_seconds, video.time_base)
    try:
        for kind, frame in frames:
            if kind == "video":
                if frame.time is not None:
                    first_s = frame.time if first_s is None else first_s
                    if frame.time - first_s > max_seconds:
                        raise too_long(MediaKind.VIDEO, max_seconds, f"lasts over {max_seconds:,.0f} s")
                if graph is None:
                    sizes = ladder_for(upright_size(frame), encoding.ladder)
                    outputs = [
                        _Output(
                            size, folder / f"{size.name}.mp4", video, audio, encoding, top=size is sizes[-1]
                        )
                        for size in sizes
                    ]
                    graph = _Ladder(video, rotation_of(frame), sizes)
                for scaled in graph.push(frame):
                    _emit(scaled, outputs, boundaries)
            elif resampler is not None and outputs:
                for resampled in resampler.resample(frame):
                    for output in outputs:
                        output.write_audio(resampled)
        if graph is None:
            raise ValueError("the video stream holds no frame that could be decoded")
        for scaled in graph.push(None):
            _emit(scaled, outputs, boundaries)
        if resampler is not None:
            for resampled in resampler.resample(None):
                for output in outputs:
                    output.write_audio(resampled)
        return tuple(output.close() for output in outputs)
    except BaseException:
        for output in outputs:
            output.abandon()
        raise


def _decoded(container: Any, video: Any, audio: Any | None, deadline: Deadline) -> Iterator[tuple[str, Any]]:
    """Video and audio frames in the file's order, each tagged with its kind."""
    streams = [video] if audio is None else [video, audio]
    for packet in container.demux(*streams):
        deadline.check("transcoding video")
        kind = "video" if packet.stream is video else "audio"
        for frame in packet.decode():
            yield kind, frame


class _Ladder:
    """upright -> split -> scale per rung, one FFmpeg filter graph, as the command line builds it."""

    def __init__(self, video: Any, rotation: int, sizes: tuple[Size, ...]) -> None:
        self._graph = av.filter.Graph()
        node = self._graph.add_buffer(template=video)
        for name, argument in _UPRIGHT.get(rotation, []):
            following = self._graph.add(name, argument)
            node.link_to(following)
            node = following
        split = self._graph.add("split", str(len(sizes)))
        node.link_to(split)
        self._sinks = []
        for index, size in enumerate(sizes):
            scale = self._graph.add("scale", f"{size.width}:{size.height}:flags=bicubic")
            pixels = self._graph.add("format", "yuv420p")
            sink = self._graph.add("buffersink")
            split.link_to(scale, index, 0)
            scale.link_to(pixels)
            pixels.link_to(sink)
            self._sinks.append(sink)
        self._graph.configure()

    def push(self, frame: Any | None) -> Iterator[list[Any]]:
        """The frames each rung gets for `frame` (None flushes), one list per instant, rung order."""
        self._graph.push(frame)
        while True:
            try:
                yield [sink.pull() for sink in self._sinks]
            except (av.BlockingIOError, av.EOFError):
                return


class _Boundaries:
    """Forces a keyframe at each segment boundary, by time, and keeps timestamps rising (a
    variable-frame-rate file may repeat one, which an encoder refuses)."""

    def __init__(self, segment_s: int, time_base: Fraction) -> None:
        self._segment_s, self._time_base = segment_s, time_base
        self._next_s = 0.0
        self._last_pts: int | None = None

    def mark(self, frames: list[Any]) -> None:
        pts = frames[0].pts if frames[0].pts is not None else (self._last_pts or -1) + 1
        if self._last_pts is not None and pts <= self._last_pts:
            pts = self._last_pts + 1
        self._last_pts = pts
        seconds = float(pts * self._time_base)
        key = seconds + 1e-6 >= self._next_s
        if key:
            self._next_s = (math.floor(seconds / self._segment_s) + 1) * self._segment_s
        for frame in frames:
            frame.pts = pts
            frame.pict_type = PictureType.I if key else PictureType.NONE


def _emit(frames: list[Any], outputs: list[_Output], boundaries: _Boundaries) -> None:
    boundaries.mark(frames)
    for frame, output in zip(frames, outputs, strict=True):
        output.write_video(frame)


# --- each rung cut into segments ------------------------------------------------------------------


def _segment(rung: Rung, encoding: VideoEncoding, stream: Path, deadline: Deadline) -> hls.Variant:
    """A remux of what we wrote: what fails here is ours, not the file's."""
    with our_side(f"cutting the {rung.size.name} rung into segments"):
        return _segmented(rung, encoding, stream, deadline)


def _segmented(rung: Rung, encoding: VideoEncoding, stream: Path, deadline: Deadline) -> hls.Variant:
    name = rung.size.name
    playlist = stream / f"{name}.m3u8"
    with av.open(str(rung.mp4)) as source:
        options = {
            "hls_time": str(encoding.segment_seconds),
            "hls_playlist_type": "vod",
            "hls_segment_type": "fmp4",
            "hls_fmp4_init_filename": f"{name}-init.mp4",
            "hls_segment_filename": str(stream / f"{name}-%03d.m4s"),
            "hls_flags": "independent_segments",
        }
        with av.open(str(playlist), "w", format="hls", options=options) as target:
            copies = {
                s.index: target.add_stream_from_template(s)
                for s in source.streams
                if s.type in ("video", "audio")
            }
            for packet in source.demux(*[source.streams[i] for i in copies]):
                deadline.check("segmenting video")
                if packet.dts is None:
                    continue
                packet.stream = copies[packet.stream.index]
                target.mux(packet)
        rate = source.streams.video[0].average_rate
    segments = hls.read_segments(playlist.read_text())
    playlist.write_text(hls.carrying_signature(playlist.read_text()))
    peak, average = hls.bitrates(segments, stream)
    return hls.Variant(
        playlist=playlist.name,
        width=rung.size.width,
        height=rung.size.height,
        frame_rate=float(rate) if rate else None,
        codecs=rung.codecs,
        peak_bps=peak,
        average_bps=average,
    )
