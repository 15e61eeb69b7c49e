"""Encoders, one per output format, with settings chosen on purpose (docs/performance.md).

Nothing but pixels and, where kept, the colour profile is written. Some Pillow encoders fall back
to what the source image carried (`im.info`: a JPEG comment, an ICC profile), so every metadata
option is passed explicitly: EXIF, XMP and comments are always empty, and GPS positions or camera
serial numbers cannot reach an output.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

# The writers' plugins are imported by name, which registers them: a save in a format Pillow has
# not registered yet makes it import every one of its ~45 plugins first (`Image.init`, ~0.3 s of a
# cold start).
from PIL import AvifImagePlugin, GifImagePlugin, Image, JpegImagePlugin, PngImagePlugin, WebPImagePlugin  # noqa: F401

from app.domain.presets import Encoding, ImageFormat
from processors.imaging.color import flatten

# libwebp's method (0-6) and libavif's speed (0-10): CPU against bytes, see docs/performance.md.
WEBP_METHOD = 4
AVIF_SPEED = 8

# The longest side each encoder can write, whatever the memory: libwebp's WEBP_MAX_DIMENSION,
# libjpeg's JPEG_MAX_DIMENSION, libavif's default image dimension limit (AV1 itself allows 65536,
# but readers built on libavif refuse more than this) and PNG's 31-bit sizes. An output beyond it
# fails the same way on every try, so geometry plans every output within it.
MAX_SIDE: dict[ImageFormat, int] = {
    ImageFormat.WEBP: 16_383,
    ImageFormat.JPEG: 65_500,
    ImageFormat.AVIF: 32_768,
    ImageFormat.PNG: 2**31 - 1,
}


def max_side(formats: Iterable[ImageFormat]) -> int:
    """The longest side every one of `formats` can write."""
    return min(MAX_SIDE[f] for f in formats)


def _metadata(icc_profile: bytes | None) -> dict[str, object]:
    return {"icc_profile": icc_profile or None, "exif": b"", "xmp": b""}


def encode(image: Image.Image, encoding: Encoding, icc_profile: bytes | None) -> bytes:
    buffer = io.BytesIO()
    extra = _metadata(icc_profile)
    match encoding.format:
        case ImageFormat.JPEG:
            # Baseline, 4:2:0, no second Huffman pass: libjpeg-turbo at its fastest, as libvips does.
            flatten(image).save(buffer, "JPEG", quality=encoding.quality, comment=b"", **extra)
        case ImageFormat.WEBP:
            image.save(buffer, "WEBP", quality=encoding.quality, method=WEBP_METHOD, **extra)
        case ImageFormat.AVIF:
            image.save(buffer, "AVIF", quality=encoding.quality, speed=AVIF_SPEED, **extra)
        case ImageFormat.PNG:
            image.save(buffer, "PNG", compress_level=6, **extra)
    return buffer.getvalue()


def encode_animation(
    frames: list[Image.Image], durations: list[int], loop: int, quality: int, icc_profile: bytes | None
) -> bytes:
    """An animated WebP; `loop` counts plays (0 = forever), as WebP's ANIM chunk does."""
    buffer = io.BytesIO()
    extra = _metadata(icc_profile)
    frames[0].save(
        buffer,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=loop,
        quality=quality,
        method=WEBP_METHOD,
        **extra,
    )
    return buffer.getvalue()
