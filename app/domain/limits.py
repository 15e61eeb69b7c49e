"""Bounds on what one item may cost. Checked before work starts, never by changing library globals.

The one definition of every limit: its name, default and bounds. `app.settings.Settings` reads each
from the environment (MEDIAPIPE_MAX_PIXELS, ...) and the Pulumi program's stack config validates
`limits.*` (maxPixels, ...) against these same fields, so a value one accepts the other accepts. That
is why this module imports nothing but pydantic and the domain's models.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.domain.models import MediaKind

MIB = 1024 * 1024
# Sizes travel in 32-bit signed fields (Pillow's counters, for pictures).
INT32_MAX = 2**31 - 1
# A video or a song is streamed to the processor's temporary storage, not held in memory
# (processors/original.py): Lambda's /tmp is at most 10,240 MB, and 512 MB of it stay free for the
# outputs and the libraries' own files.
TMP_HEADROOM_MB = 512
MAX_STREAMED_BYTES = (10_240 - TMP_HEADROOM_MB) * MIB
# The per-item budgets: a picture's, and a video's or a song's, which covers its transcoding.
PROCESSING_SECONDS = 45.0
TRANSCODE_SECONDS = 600.0
# The longest media the transcode budget covers with half again in reserve, on the default
# processor (2,048 MB: 1.16 vCPU at Lambda's 1,769 MB per vCPU). Measured by `make bench-av` on a
# 2-core x86_64 machine (docs/performance.md, "Video and audio"): a 1080p clip takes 1.81 CPU-seconds
# per second of video through the default preset's three rungs, so 1.56 s a second on 1.16 vCPU,
# and 600 / 1.56 / 1.5 = 256 s: four minutes. A long song takes under 0.05 CPU-seconds per second
# (one thread; 0.022 for an 11 s speech, more only for a clip of seconds, its fixed costs spread
# thin), so 600 / 0.05 / 1.5 = 8,000 s: two hours, in round figures.
VIDEO_SECONDS = 240.0
AUDIO_SECONDS = 7_200.0
# What a video's renditions take on the processor's /tmp per second of it: its rungs' MP4s and their
# HLS copy (twice the default ladder's caps, 10 Mb/s) and its audio, rounded up.
RENDITION_MB_PER_SECOND = 3


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True)

    max_image_bytes: int = Field(default=50 * MIB, ge=1, le=INT32_MAX)
    max_video_bytes: int = Field(default=5 * 1024 * MIB, ge=1, le=MAX_STREAMED_BYTES)
    max_audio_bytes: int = Field(default=100 * MIB, ge=1, le=MAX_STREAMED_BYTES)
    max_pixels: int = Field(default=50_000_000, ge=1, le=10**10)
    # Memory follows the rows as well as the pixels: Pillow keeps a pointer per row (8 bytes) in every
    # copy of a picture, so a 1 x 49,000,000 PNG (under max_pixels) costs 392 MB per copy before a
    # single pixel. Each side is bounded (which bounds that overhead at 256 KiB a copy) and so is the
    # long side over the short one, for pictures whose outputs would be slivers. A 1080 x 20000
    # screenshot (18.5:1) and a 30000 x 5000 panorama (6:1) have the shape; the panorama's 150 MP
    # still need a larger max_pixels.
    max_side: int = Field(default=32_768, ge=1, le=INT32_MAX)
    # Below 1 not even a square would pass.
    max_aspect_ratio: float = Field(default=100.0, ge=1)
    # What Pillow parses in Python and keeps, block by block, besides the pixels: a JPEG's segments
    # before its first scan, every PNG chunk but the image data, GIF extension blocks, TIFF tags.
    # Millions of empty ones cost hundreds of MB; a camera JPEG has about ten segments, an ICC
    # profile split in APP2 segments at most 255, a TIFF page some twenty tags.
    max_metadata_segments: int = Field(default=10_000, ge=1, le=10**9)
    max_metadata_bytes: int = Field(default=16 * MIB, ge=1, le=INT32_MAX)
    max_frames: int = Field(default=1000, ge=1, le=10**6)
    # Frames x canvas pixels an animation may decode in all (1000 frames of half a megapixel).
    max_animation_pixels: int = Field(default=500_000_000, ge=1, le=10**12)
    # The longest video and song accepted, refused up front as TOO_LONG: what the default presets
    # transcode within the per-item budget on the default processor, with half again in reserve
    # (measured by `make bench-av`; docs/performance.md, "Video and audio"). Longer media belongs to
    # a service made for it (docs/media.md, "Longer media").
    max_video_seconds: float = Field(default=VIDEO_SECONDS, gt=0)
    max_audio_seconds: float = Field(default=AUDIO_SECONDS, gt=0)
    # Wall-clock seconds of media work per item (a picture's; a video's or a song's, transcoding
    # included); keep both below the lease and the Lambda timeout (the stack config refuses a
    # processor timeout that a whole batch at the larger budget would overrun).
    max_processing_seconds: float = Field(default=PROCESSING_SECONDS, gt=0)
    max_transcode_seconds: float = Field(default=TRANSCODE_SECONDS, gt=0)

    def largest_original(self) -> int:
        """The most bytes any one original may have: what the processor's temporary storage must hold."""
        return max(self.max_image_bytes, self.max_video_bytes, self.max_audio_bytes)

    def budget(self, kind: MediaKind | None) -> float:
        """Seconds of media work an item of this kind may take (None: a kind not known yet)."""
        return (
            self.max_transcode_seconds
            if kind in (MediaKind.VIDEO, MediaKind.AUDIO)
            else self.max_processing_seconds
        )

    def longest_budget(self) -> float:
        return max(self.max_processing_seconds, self.max_transcode_seconds)

    def rendition_space_mb(self) -> int:
        """What the longest video's renditions take on the processor's temporary storage."""
        return int(self.max_video_seconds * RENDITION_MB_PER_SECOND)

    def max_seconds(self, kind: MediaKind) -> float:
        """How long a file of this kind may last (a picture's frames have their own limit)."""
        return self.max_audio_seconds if kind is MediaKind.AUDIO else self.max_video_seconds

    def max_bytes(self, kind: MediaKind) -> int:
        return {
            MediaKind.IMAGE: self.max_image_bytes,
            MediaKind.VIDEO: self.max_video_bytes,
            MediaKind.AUDIO: self.max_audio_bytes,
        }[kind]


# The processor function's memory size in MB, unless a stack sets `processor.memoryMb`: the deployed
# default (pulumi/infra/config_sections.py), the size the local worker plays (app/local/worker.py)
# and what the pipeline bills when nothing says otherwise. Lambda's CPU follows memory (one vCPU's
# worth per 1,769 MB); 2,048 MB is the smallest size with two encoder threads, at the same cost per
# image as one vCPU (docs/performance.md, "Processor memory").
PROCESSOR_MEMORY_MB = 2048
