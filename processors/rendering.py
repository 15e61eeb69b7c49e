"""What media work produces: encoded outputs plus facts about the input.

A picture's output is a few kilobytes and stays in memory; what plays (a video's MP4 and stream, a
song's M4A and Opus) may be hundreds of megabytes, so it is a file in the rendering's own folder on
the function's temporary storage, which `discard` removes once the outputs are stored.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.domain.metrics import RenditionRole
from app.domain.models import VariantRole
from app.domain.presets import ImageFormat


class PlayableFormat(StrEnum):
    MP4 = "mp4"  # H.264/AAC, index at the front
    HLS = "hls"  # the master playlist of an HLS stream of fMP4 segments
    M4A = "m4a"  # AAC in MP4
    OPUS = "opus"  # Opus in Ogg
    PEAKS = "json"  # audiowaveform's JSON

    @property
    def content_type(self) -> str:
        return _PLAYABLE_TYPES[self]

    @property
    def extension(self) -> str:
        return "m3u8" if self is PlayableFormat.HLS else self.value


_PLAYABLE_TYPES = {
    PlayableFormat.MP4: "video/mp4",
    PlayableFormat.HLS: "application/vnd.apple.mpegurl",
    PlayableFormat.M4A: "audio/mp4",
    PlayableFormat.OPUS: "audio/ogg",
    PlayableFormat.PEAKS: "application/json",
}
# What a stream's other files are served as (RFC 8216 and the CMAF media types).
_STREAM_FILE_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
}


class EncodingFailed(RuntimeError):
    """Our side of the work failed (an encoder out of memory, a write to /tmp), not the file, which
    decoded: the item ends FAILED, which a retry may mend, never CORRUPT, which would blame the upload."""


def stream_file_type(path: Path) -> str:
    return _STREAM_FILE_TYPES.get(path.suffix, "application/octet-stream")


@dataclass(frozen=True, slots=True)
class Rendition:
    """One encoded output. `name` is stable within a preset (`w640`, `poster-w640`, `animated`,
    `preview`, `waveform`, `video`, `stream`, `audio-m4a`, `audio-opus`, `peaks`). `data` is the
    bytes or the file that holds them; `beside` are the files stored next to it and listed nowhere
    (a stream's rung playlists and segments, which its master playlist names)."""

    name: str
    format: ImageFormat | PlayableFormat
    width: int
    height: int
    data: bytes | Path = field(repr=False)
    animated: bool = False
    beside: tuple[Path, ...] = field(default=(), repr=False)
    duration_s: float | None = None
    bitrate: int | None = None
    codecs: str | None = None
    # What the output is for (the RenditionTime metric's role), and how long its own making took:
    # the work spent on this output alone, not what it shares with its siblings (a still's resize
    # serves every format of its size). Out of equality: the same output made twice takes two times.
    role: RenditionRole = field(kw_only=True)
    milliseconds: float = field(kw_only=True, compare=False)

    @property
    def content_type(self) -> str:
        return self.format.content_type

    @property
    def content(self) -> bytes:
        """The bytes themselves, read from the file if it is one (for what is small, or a test)."""
        return self.data.read_bytes() if isinstance(self.data, Path) else self.data

    @property
    def size(self) -> int:
        return self.data.stat().st_size if isinstance(self.data, Path) else len(self.data)

    @property
    def variant_role(self) -> VariantRole:
        """What clients are told the output is for (the metric's roles are finer: a still and an
        animated image are both an IMAGE, told apart by `animated`)."""
        return _VARIANT_ROLES[self.role]


_VARIANT_ROLES: dict[RenditionRole, VariantRole] = {
    RenditionRole.STILL: VariantRole.IMAGE,
    RenditionRole.ANIMATED: VariantRole.IMAGE,
    RenditionRole.POSTER: VariantRole.POSTER,
    RenditionRole.PREVIEW: VariantRole.PREVIEW,
    RenditionRole.WAVEFORM: VariantRole.WAVEFORM,
    RenditionRole.VIDEO: VariantRole.VIDEO,
    RenditionRole.STREAM: VariantRole.STREAM,
    RenditionRole.AUDIO: VariantRole.AUDIO,
    RenditionRole.PEAKS: VariantRole.PEAKS,
}


@dataclass(frozen=True, slots=True)
class Rendering:
    renditions: list[Rendition]
    metadata: dict[str, Any]
    blurhash: str | None = None
    # The most representative colour, as #rrggbb, for a flat placeholder.
    dominant_color: str | None = None
    # Where the renditions that are files lie; removed by `discard`.
    folder: Path | None = None

    def discard(self) -> None:
        """Remove the files the renditions lie in (once stored, or when they will not be)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
