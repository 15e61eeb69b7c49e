"""The still outputs of a preset from one upright picture: crop for `cover`, then resize in a
cascade from the largest output down, each size encoded in every format of the preset.

Shared by images (the decoded picture) and videos (the poster frame)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from PIL import Image

from app.domain.metrics import RenditionRole
from app.domain.presets import Encoding
from processors.budget import Deadline
from processors.cores import usable_cpus
from processors.imaging.encode import encode
from processors.imaging.geometry import Box, Target
from processors.ordered import OrderedPool
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
    role: RenditionRole,
    prefix: str = "",
    workers: int | None = None,
) -> Stills:
    """`crop` is in `picture`'s own pixels; `plan` is largest first (see geometry.targets). `role`
    says whose stills these are (an image's own, or a video's poster) for the metrics.

    The encodes run on `workers` threads (default: the CPUs this process may use) while this
    thread makes the next size, and come back in plan order whatever order they finish in."""
    current = picture
    pending: Box | None = crop
    with OrderedPool[Rendition](usable_cpus() if workers is None else workers) as pool:
        for target in plan:
            current = _resize(current, (target.width, target.height), pending)
            pending = None  # later sizes come from the previous one, already cropped
            for index, spec in enumerate(formats):
                # Image.save writes its options onto the image object (encoderinfo): two threads
                # must never save the same object at once. A copy of one size is a few ms.
                source = current.copy() if index and pool.concurrent else current
                pool.submit(
                    partial(_rendition, prefix + target.name, role, source, spec, icc_profile, deadline)
                )
        renditions = pool.results()
    return Stills(renditions, current)


def _rendition(
    name: str,
    role: RenditionRole,
    image: Image.Image,
    spec: Encoding,
    icc_profile: bytes | None,
    deadline: Deadline,
) -> Rendition:
    deadline.check(f"encoding {name}")
    # The encode alone: the resize before it is shared by every format of this size.
    started = time.perf_counter()
    data = encode(image, spec, icc_profile)
    ms = (time.perf_counter() - started) * 1000
    return Rendition(name, spec.format, image.width, image.height, data, role=role, milliseconds=ms)


def _resize(image: Image.Image, size: tuple[int, int], box: Box | None) -> Image.Image:
    region = None if box is None else (box.left, box.top, box.right, box.bottom)
    if image.size == size and (region is None or region == (0, 0, *image.size)):
        return image
    return image.resize(size, Image.Resampling.LANCZOS, box=region, reducing_gap=REDUCING_GAP)
