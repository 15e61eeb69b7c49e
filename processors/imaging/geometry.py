"""Output sizes for a preset: never upscaled, cropped to the preset's aspect ratio for `cover`, and
never longer than the preset's encoders can write (a 1080 x 20000 screenshot's widest output is
884 x 16370, within WebP's 16383, not 1080 x 20000)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.domain.presets import Fit, Preset, variant_name
from processors.imaging.encode import max_side

# EXIF orientations 5-8 store the picture transposed: width and height swap once it is upright.
TRANSPOSED_ORIENTATIONS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True, slots=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def size(self) -> tuple[int, int]:
        return self.right - self.left, self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    width: int
    height: int


def upright_size(stored: tuple[int, int], orientation: int) -> tuple[int, int]:
    width, height = stored
    return (height, width) if orientation in TRANSPOSED_ORIENTATIONS else (width, height)


def crop_box(size: tuple[int, int], preset: Preset) -> Box:
    """The centred region kept before scaling: everything for `contain`, the aspect ratio for `cover`."""
    width, height = size
    if preset.fit is not Fit.COVER or preset.aspect_ratio is None:
        return Box(0, 0, width, height)
    if width / height > preset.aspect_ratio:
        kept = max(1, round(height * preset.aspect_ratio))
        left = (width - kept) // 2
        return Box(left, 0, left + kept, height)
    kept = max(1, round(width / preset.aspect_ratio))
    top = (height - kept) // 2
    return Box(0, top, width, top + kept)


def targets(size: tuple[int, int], preset: Preset) -> list[Target]:
    """Largest first. Widths above the source collapse to the source width, so nothing is upscaled;
    widths whose height an encoder of the preset could not write narrow until it can."""
    crop = crop_box(size, preset).size
    longest = max_side(f.format for f in preset.formats)
    sizes = sorted({scaled(min(w, crop[0]), crop, longest) for w in preset.widths}, reverse=True)
    return [Target(variant_name(width), width, height) for width, height in sizes]


def scaled(width: int, source: tuple[int, int], longest: int) -> tuple[int, int]:
    """`width` wide at `source`'s aspect ratio, narrowed if need be so neither side passes `longest`.

    Only a sliver thinner than 1 : `longest` cannot fit at 1 pixel wide; its height is clipped."""
    source_width, source_height = source
    width = max(1, min(width, longest, math.floor(longest * source_width / source_height)))
    return width, max(1, min(longest, round(width * source_height / source_width)))


def scale_box(box: Box, scale_x: float, scale_y: float) -> Box:
    return Box(
        round(box.left * scale_x),
        round(box.top * scale_y),
        round(box.right * scale_x),
        round(box.bottom * scale_y),
    )
