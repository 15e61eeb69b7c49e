"""The libvips reference: the default preset's outputs (same widths, formats, qualities, effort),
made the way imgproxy and sharp would make them, in two shapes:

* `per_size`: one `thumbnail_buffer` per width (shrink-on-load each time), the idiomatic call;
* `cascade`: one `thumbnail_buffer` to the largest width, then each smaller size from the previous,
  as our pipeline does.

The benchmark compares against whichever is faster. libvips' operation cache is off, so repeated
runs redo the work.
"""

from __future__ import annotations

from typing import Any

import pyvips

from app.domain.presets import Encoding, ImageFormat, Preset


def configure(threads: int) -> None:
    pyvips.cache_set_max(0)
    pyvips.concurrency_set(threads)


def _save(image: Any, encoding: Encoding) -> bytes:
    if encoding.format is ImageFormat.WEBP:
        data: bytes = image.webpsave_buffer(Q=encoding.quality, effort=4, keep="none")
    elif encoding.format is ImageFormat.JPEG:
        # libvips' defaults: baseline, 4:2:0 below Q90, no optimize_coding, like ours.
        data = image.jpegsave_buffer(Q=encoding.quality, keep="none")
    elif encoding.format is ImageFormat.AVIF:
        data = image.heifsave_buffer(Q=encoding.quality, compression="av1", effort=2, keep="none")
    else:
        data = image.pngsave_buffer(compression=6, keep="none")
    return data


def per_size(data: bytes, preset: Preset) -> list[tuple[int, int, bytes]]:
    outputs = []
    for width in preset.widths:
        # Two encodes read it twice: keep the (small) result in memory rather than decode again.
        image = pyvips.Image.thumbnail_buffer(data, width, height=10_000_000, size="down").copy_memory()
        outputs.extend((image.width, image.height, _save(image, spec)) for spec in preset.formats)
    return outputs


def cascade(data: bytes, preset: Preset) -> list[tuple[int, int, bytes]]:
    outputs = []
    image = pyvips.Image.thumbnail_buffer(
        data, preset.widths[0], height=10_000_000, size="down"
    ).copy_memory()
    for width in preset.widths:
        if width != image.width:
            image = image.thumbnail_image(width, height=10_000_000, size="down").copy_memory()
        outputs.extend((image.width, image.height, _save(image, spec)) for spec in preset.formats)
    return outputs
