"""Named recipes for the outputs of an item: which sizes, which formats, at which quality.

Presets come from configuration (the Pulumi stack config carries them to the Lambdas as JSON) and
are chosen per upload. Each has a fingerprint of everything that shapes its outputs; output keys
include it, so changing a preset never overwrites or collides with earlier outputs.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ImageFormat(StrEnum):
    WEBP = "webp"
    JPEG = "jpeg"
    AVIF = "avif"
    PNG = "png"

    @property
    def content_type(self) -> str:
        return f"image/{self.value}"

    @property
    def extension(self) -> str:
        return "jpg" if self is ImageFormat.JPEG else self.value


class Fit(StrEnum):
    CONTAIN = "contain"  # the whole picture, scaled to the width
    COVER = "cover"  # cropped to `aspect_ratio`, then scaled to the width


class Encoding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: ImageFormat
    quality: int = Field(default=80, ge=1, le=100)


# One rung of an adaptive stream's ladder: a height (the width follows the picture) and the peak
# bitrate its encoder may not exceed (capped CRF: quality-driven, never above the cap). (Comments,
# not docstrings, here: a docstring would enter the JSON schema the stack config restates.)
class Rung(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    height: int = Field(ge=144, le=2160)
    max_kbps: int = Field(ge=100, le=50_000)


class Speed(StrEnum):
    """libx264's presets, fastest first: each is slower and makes smaller files at the same quality."""

    ULTRAFAST = "ultrafast"
    SUPERFAST = "superfast"
    VERYFAST = "veryfast"
    FASTER = "faster"
    FAST = "fast"
    MEDIUM = "medium"
    SLOW = "slow"


# How a video is made playable: H.264/AAC at each rung (never above the source), the top one also
# as a downloadable MP4, and an HLS stream of fMP4 segments over the whole ladder.
class VideoEncoding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    speed: Speed = Speed.VERYFAST
    crf: int = Field(default=23, ge=0, le=51)
    ladder: tuple[Rung, ...] = Field(
        default=(
            Rung(height=360, max_kbps=1_000),
            Rung(height=720, max_kbps=3_000),
            Rung(height=1080, max_kbps=6_000),
        ),
        min_length=1,
        max_length=6,
    )
    segment_seconds: int = Field(default=4, ge=1, le=10)
    audio_kbps: int = Field(default=128, ge=32, le=320)

    @field_validator("ladder")
    @classmethod
    def _ascending_distinct_heights(cls, ladder: tuple[Rung, ...]) -> tuple[Rung, ...]:
        if len({rung.height for rung in ladder}) != len(ladder):
            raise ValueError("each rung of the ladder needs its own height")
        return tuple(sorted(ladder, key=lambda rung: rung.height))


# How a song is made playable: AAC in M4A (plays everywhere) and Opus (smaller, as good).
class AudioEncoding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    aac_kbps: int = Field(default=128, ge=32, le=320)
    opus_kbps: int = Field(default=96, ge=16, le=256)


class Preset(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    description: str = ""
    widths: tuple[int, ...] = Field(min_length=1, max_length=8)
    formats: tuple[Encoding, ...] = Field(min_length=1, max_length=4)
    fit: Fit = Fit.CONTAIN
    aspect_ratio: float | None = Field(default=None, gt=0.1, lt=10)
    keep_location: bool = False
    # What plays: None makes pictures only (a poster, a preview, a waveform), no player outputs.
    video: VideoEncoding | None = VideoEncoding()
    audio: AudioEncoding | None = AudioEncoding()

    @field_validator("widths")
    @classmethod
    def _sorted_distinct_widths(cls, widths: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 16 <= w <= 8192 for w in widths):
            raise ValueError("every width must be between 16 and 8192 pixels")
        return tuple(sorted(set(widths), reverse=True))

    @cached_property
    def fingerprint(self) -> str:
        """Eight hex digits that change whenever anything that shapes the outputs changes."""
        shape = self.model_dump_json(exclude={"description"})
        return hashlib.sha256(shape.encode()).hexdigest()[:8]


DEFAULT_PRESET = "default"

BUILTIN_PRESETS: tuple[Preset, ...] = (
    Preset(
        name="default",
        description="Responsive sizes in WebP and JPEG for the web",
        widths=(320, 640, 1280, 1920),
        formats=(
            Encoding(format=ImageFormat.WEBP, quality=80),
            Encoding(format=ImageFormat.JPEG, quality=82),
        ),
    ),
    Preset(
        name="thumbnail",
        description="Small square thumbnails",
        widths=(160, 320),
        formats=(
            Encoding(format=ImageFormat.WEBP, quality=75),
            Encoding(format=ImageFormat.JPEG, quality=80),
        ),
        fit=Fit.COVER,
        aspect_ratio=1.0,
        # Thumbnails are pictures: a video's poster and preview, a song's waveform, nothing to play.
        video=None,
        audio=None,
    ),
)


def variant_name(width: int) -> str:
    return f"w{width}"


def find_preset(presets: tuple[Preset, ...], name: str) -> Preset | None:
    return next((p for p in presets if p.name == name), None)
