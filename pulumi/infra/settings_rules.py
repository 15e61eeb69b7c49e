"""What the Lambdas' settings refuse, checked when the stack config is loaded.

Both functions parse their environment with `app.settings.Settings` on their first invocation, so a
value it refuses fails every invocation after a successful `pulumi up`. This program never imports
app/ (it names the Lambda code by path only; app/domain/limits.py, pure, is the one exception), so
the rules the stack config feeds are restated here, and tests/contract/test_stack_config_contract.py
proves they are the app's: the same content types and
aliases (app/domain/media_types.py), the same preset schema (app/domain/presets.py), and the same
verdict as `Settings` on every sample value. Functions raise ValueError; `config` names the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# Every content type the processor handles (app.domain.media_types.KIND_OF_TYPE, in its order).
PROCESSABLE_TYPES = (
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/tiff",
    "image/bmp",
    "image/avif",
    "image/heic",
    "image/heif",
    "video/mp4",
    "video/webm",
    "video/quicktime",
    "audio/mpeg",
    "audio/wav",
    "audio/flac",
    "audio/mp4",
    "audio/aac",
    "audio/ogg",
)

# Other names for them that the app accepts (app.domain.media_types.ALIASES).
TYPE_ALIASES: Mapping[str, str] = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/x-ms-bmp": "image/bmp",
    "image/heic-sequence": "image/heic",
    "image/heif-sequence": "image/heif",
    "audio/mp3": "audio/mpeg",
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "audio/x-aac": "audio/aac",
    "application/ogg": "audio/ogg",
}


def normalise_type(content_type: str) -> str:
    """`Image/JPG; charset=x` -> `image/jpeg`, as app.domain.media_types.normalise does."""
    bare = content_type.split(";", 1)[0].strip().lower()
    return TYPE_ALIASES.get(bare, bare)


def allowed_types(value: object) -> tuple[str, ...]:
    """`allowedTypes`: a list narrowing PROCESSABLE_TYPES, each name normalised, duplicates dropped."""
    if value is None:
        return PROCESSABLE_TYPES
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"must be a list of content types, got {value!r}")
    unknown = [v for v in value if normalise_type(v) not in PROCESSABLE_TYPES]
    if unknown:
        raise ValueError(
            f"unknown content types {', '.join(map(repr, unknown))} (the functions would refuse every "
            f"invocation); known: {', '.join(PROCESSABLE_TYPES)}"
        )
    if not value:
        raise ValueError("must name at least one content type (an empty list accepts no upload at all)")
    return tuple(dict.fromkeys(normalise_type(v) for v in value))


# --- presets: app.domain.presets, field for field (the contract test compares the JSON schemas) ------


class ImageFormat(StrEnum):
    WEBP = "webp"
    JPEG = "jpeg"
    AVIF = "avif"
    PNG = "png"


class Fit(StrEnum):
    CONTAIN = "contain"
    COVER = "cover"


class Encoding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: ImageFormat
    quality: int = Field(default=80, ge=1, le=100)


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
    def _distinct_heights(cls, ladder: tuple[Rung, ...]) -> tuple[Rung, ...]:
        if len({rung.height for rung in ladder}) != len(ladder):
            raise ValueError("each rung of the ladder needs its own height")
        return ladder


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
    video: VideoEncoding | None = VideoEncoding()
    audio: AudioEncoding | None = AudioEncoding()

    @field_validator("widths")
    @classmethod
    def _widths_in_range(cls, widths: tuple[int, ...]) -> tuple[int, ...]:
        if any(not 16 <= w <= 8192 for w in widths):
            raise ValueError("every width must be between 16 and 8192 pixels")
        return widths


def presets(value: object) -> tuple[Mapping[str, Any], ...]:
    """`presets`: a non-empty list of distinct presets the app parses, kept as written."""
    if not isinstance(value, list) or not value or not all(isinstance(p, Mapping) for p in value):
        raise ValueError("must be a non-empty list of preset objects (see Pulumi.dev.yaml)")
    for index, preset in enumerate(value):
        try:
            Preset.model_validate(preset)
        except ValidationError as error:
            raise ValueError(f"[{index}] ({preset.get('name')!r}): {_explain(error)}") from None
    names = [p["name"] for p in value]
    if len(set(names)) != len(names):
        raise ValueError(f"names must be distinct, got {names}")
    return tuple(value)


def _explain(error: ValidationError) -> str:
    """One line per problem, each naming the field and the value: `formats.0.format: ... (got 'jpg')`."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'preset'}: {e['msg']} (got {e['input']!r})" for e in error.errors()
    )
