"""Opening untrusted images safely: one plugin, a pixel budget checked on the header, then one
decode at the smallest scale the outputs allow. Pillow's process-wide settings are never touched."""

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

PIL_FORMATS: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
    "image/tiff": "TIFF",
    "image/bmp": "BMP",
    "image/avif": "AVIF",
}

# What Pillow raises on malformed input, across its plugins.
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
def open_image(data: bytes, content_type: str, limits: Limits) -> Iterator[Image.Image]:
    """Read the header only, with just the plugin the bytes were sniffed as, and enforce the pixel budget."""
    try:
        image = Image.open(io.BytesIO(data), formats=[PIL_FORMATS[content_type]])
    except Image.DecompressionBombError as error:
        raise too_many_pixels(None, limits.max_pixels) from error
    except DECODE_ERRORS as error:
        raise corrupt(_describe(error)) from error
    try:
        width, height = image.size
        if width <= 0 or height <= 0:
            raise corrupt("it declares no pixels")
        if width * height > limits.max_pixels:
            raise too_many_pixels((width, height), limits.max_pixels)
        yield image
    finally:
        image.close()


def too_many_pixels(size: tuple[int, int] | None, max_pixels: int) -> InputRejected:
    declared = f"{size[0]}x{size[1]} ({size[0] * size[1] / 1e6:.1f} MP)" if size else "far too many pixels"
    return InputRejected(
        f"The image declares {declared}; the limit is {max_pixels / 1e6:g} megapixels.",
        ErrorCode.TOO_MANY_PIXELS,
    )


def orientation(image: Image.Image) -> int:
    """The EXIF orientation, 1 when absent or invalid (0 and out-of-range values occur in the wild)."""
    try:
        value = image.getexif().get(ExifTags.Base.Orientation, 1)
    except DECODE_ERRORS:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def decode(image: Image.Image, needed: tuple[float, float], orientation: int, limits: Limits) -> Image.Image:
    """Decode once, at the smallest scale still at least `needed` (upright), and turn it upright.

    JPEG can decode at 1/2, 1/4 or 1/8 scale directly (draft mode), which is most of the speed.
    """
    stored_needed = (needed[1], needed[0]) if orientation in TRANSPOSED_ORIENTATIONS else needed
    if image.format == "JPEG":
        image.draft(None, (math.ceil(stored_needed[0]), math.ceil(stored_needed[1])))
    try:
        image.load()
    except Image.DecompressionBombError as error:
        raise too_many_pixels(image.size, limits.max_pixels) from error
    except DECODE_ERRORS as error:
        raise corrupt(_describe(error)) from error
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def _describe(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
