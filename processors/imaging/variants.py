"""The still outputs of a preset from one upright picture: crop for `cover`, then resize in a
cascade from the largest output down, each size encoded in every format of the preset.

Shared by images (the decoded picture) and videos (the poster frame)."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from app.domain.presets import Encoding
from processors.budget import Deadline
from processors.imaging.encode import encode
from processors.imaging.geometry import Box, Target
from processors.rendering import Rendition

# Box-reduce by whole factors first, then Lanczos over the last stretch (no more than 3x): nearly
# the quality of a full Lanczos at a fraction of the cost for large reductions.
REDUCING_GAP = 3.0


@dataclass(frozen=True, slots=True)
class Stills:
    renditions: list[Rendition]
    smallest: Image.Image  # the last size made, for placeholders


def still_variants(
    picture: Image.Image,
    crop: Box,
    plan: list[Target],
    formats: tuple[Encoding, ...],
    icc_profile: bytes | None,
    deadline: Deadline,
    *,
    prefix: str = "",
) -> Stills:
    """`crop` is in `picture`'s own pixels; `plan` is largest first (see geometry.targets)."""
    renditions: list[Rendition] = []
    current = picture
    pending: Box | None = crop
    for target in plan:
        current = _resize(current, (target.width, target.height), pending)
        pending = None  # later sizes come from the previous one, already cropped
        for spec in formats:
            deadline.check(f"encoding {prefix}{target.name}")
            data = encode(current, spec, icc_profile)
            renditions.append(
                Rendition(prefix + target.name, spec.format, current.width, current.height, data)
            )
    return Stills(renditions, current)


def _resize(image: Image.Image, size: tuple[int, int], box: Box | None) -> Image.Image:
    region = None if box is None else (box.left, box.top, box.right, box.bottom)
    if image.size == size and (region is None or region == (0, 0, *image.size)):
        return image
    return image.resize(size, Image.Resampling.LANCZOS, box=region, reducing_gap=REDUCING_GAP)
