"""Opening untrusted images safely: one plugin, the metadata counted before Pillow parses it, the
shape (pixels, sides, aspect ratio) checked on the header, then one decode at the smallest scale the
outputs allow. Pillow's process-wide settings are never touched."""

from __future__ import annotations

import io
import math
import struct
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import ExifTags, Image, UnidentifiedImageError

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from processors.imaging.geometry import TRANSPOSED_ORIENTATIONS
from processors.imaging.isobmff import largest_extent
from processors.imaging.plugins import plugin_for
from processors.imaging.structure import check_structure

# Containers whose codecs allocate the declared canvas before Pillow can see the header.
_ISOBMFF_TYPES = frozenset({"image/avif", "image/heic", "image/heif"})

# What Pillow (and pillow-heif) raise on malformed input, across their plugins.
DECODE_ERRORS: tuple[type[BaseException], ...] = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    struct.error,
    MemoryError,
    RuntimeError,
)

_TRANSPOSE: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def corrupt(detail: str) -> InputRejected:
    return InputRejected(f"The image could not be decoded ({detail}).", ErrorCode.CORRUPT)


@contextmanager
def decoder_errors(limits: Limits, size: tuple[int, int] | None = None) -> Iterator[None]:
    """Whatever Pillow raises on malformed input, as the stable code it means: a decompression
    bomb is TOO_MANY_PIXELS (for `size` if known), anything else CORRUPT."""
    try:
        yield
    except Image.DecompressionBombError as error:
        raise too_many_pixels(size, limits.max_pixels) from error
    except DECODE_ERRORS as error:
        raise corrupt(describe(error)) from error


@contextmanager
def open_image(data: bytes, content_type: str, limits: Limits) -> Iterator[Image.Image]:
    """Read the header only, with just the plugin the bytes were sniffed as, and enforce the limits
    on metadata and shape."""
    plugin = plugin_for(content_type)
    check_structure(data, content_type, limits)
    if content_type in _ISOBMFF_TYPES and (declared := largest_extent(data)) is not None:
        check_shape(declared, limits)
    with decoder_errors(limits):
        image = Image.open(io.BytesIO(data), formats=[plugin])
    try:
        check_shape(image.size, limits)
        yield image
    finally:
        image.close()


def check_shape(size: tuple[int, int], limits: Limits) -> None:
    """The one check on a picture's size, for images, animation frames and video frames alike.

    Pixels first, so a picture too big every way says TOO_MANY_PIXELS; then the sides and the
    aspect ratio, which bound what the pixel count does not (the per-row cost of every copy)."""
    width, height = size
    if width <= 0 or height <= 0:
        raise corrupt("it declares no pixels")
    if width * height > limits.max_pixels:
        raise too_many_pixels((width, height), limits.max_pixels)
    long_side, short_side = max(width, height), min(width, height)
    if long_side > limits.max_side or long_side > short_side * limits.max_aspect_ratio:
        raise InputRejected(
            f"The image declares {width:,} x {height:,} pixels; each side may be at most "
            f"{limits.max_side:,} pixels, and the longer at most {limits.max_aspect_ratio:g} times "
            f"the shorter.",
            ErrorCode.UNSUPPORTED_DIMENSIONS,
        )


def too_many_pixels(size: tuple[int, int] | None, max_pixels: int) -> InputRejected:
    declared = f"{size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.1f} MP)" if size else "far too many pixels"
    return InputRejected(
        f"The image declares {declared}; the limit is {max_pixels / 1e6:g} megapixels.",
        ErrorCode.TOO_MANY_PIXELS,
    )


def orientation(image: Image.Image) -> int:
    """The EXIF orientation, 1 when absent or invalid (0 and out-of-range values occur in the wild).

    pillow-heif applies HEIF's own rotation (irot/imir) while decoding and reports 1; Pillow's AVIF
    plugin reports irot/imir as the equivalent EXIF orientation, so both come out upright here.
    """
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except DECODE_ERRORS:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def stored_size(needed: tuple[float, float], orientation: int) -> tuple[int, int]:
    """An upright size in the stored picture's terms (EXIF 5-8 store it transposed)."""
    width, height = math.ceil(needed[0]), math.ceil(needed[1])
    return (height, width) if orientation in TRANSPOSED_ORIENTATIONS else (width, height)


def load(image: Image.Image, needed: tuple[int, int] | None, limits: Limits) -> None:
    """Decode the pixels once; JPEG at the smallest scale still at least `needed` (stored terms).

    JPEG can decode at 1/2, 1/4 or 1/8 scale directly (draft mode), which is most of the speed.
    A stream that fails here is CORRUPT; Pillow is never told to accept truncated data.
    """
    if needed is not None and image.format == "JPEG":
        image.draft(None, needed)
    with decoder_errors(limits, image.size):
        image.load()


def upright(image: Image.Image, orientation: int) -> Image.Image:
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def describe(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
