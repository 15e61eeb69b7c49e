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
# The per-item budget, and the longest media it transcodes: see `Limits` below.
PROCESSING_SECONDS = 45.0
VIDEO_SECONDS = 600.0
AUDIO_SECONDS = 600.0


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
    # Wall-clock seconds of media work per item, transcoding included; keep it below the lease and
    # the Lambda timeout (the stack config refuses a processor timeout that a whole batch at this
    # budget would overrun).
    max_processing_seconds: float = Field(default=PROCESSING_SECONDS, gt=0)

    def largest_original(self) -> int:
        """The most bytes any one original may have: what the processor's temporary storage must hold."""
        return max(self.max_image_bytes, self.max_video_bytes, self.max_audio_bytes)

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
