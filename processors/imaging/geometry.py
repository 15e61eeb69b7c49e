"""Output sizes for a preset: never upscaled, cropped to the preset's aspect ratio for `cover`."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.presets import Fit, Preset, variant_name

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
    """Largest first. Widths above the source collapse to the source width, so nothing is upscaled."""
    width, height = crop_box(size, preset).size
    widths = sorted({min(w, width) for w in preset.widths}, reverse=True)
    return [Target(variant_name(w), w, max(1, round(w * height / width))) for w in widths]


def scale_box(box: Box, scale_x: float, scale_y: float) -> Box:
    return Box(
        round(box.left * scale_x),
        round(box.top * scale_y),
        round(box.right * scale_x),
        round(box.bottom * scale_y),
    )
