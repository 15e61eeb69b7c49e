"""Test inputs made on the spot with Pillow, so the core suite needs no sample files."""

from __future__ import annotations

import io

from PIL import Image

EXIF_ORIENTATION = 0x0112
GPS_IFD = 0x8825


def picture(width: int = 800, height: int = 600, mode: str = "RGB") -> Image.Image:
    """A picture whose four quadrants differ (red top-left, green top-right, blue bottom-left,
    white bottom-right), so any rotation or mirror is detectable after processing."""
    image = Image.new("RGB", (width, height), (0, 0, 0))
    half_w, half_h = width // 2, height // 2
    image.paste((255, 0, 0), (0, 0, half_w, half_h))
    image.paste((0, 255, 0), (half_w, 0, width, half_h))
    image.paste((0, 0, 255), (0, half_h, half_w, height))
    image.paste((255, 255, 255), (half_w, half_h, width, height))
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg(width: int = 800, height: int = 600, *, orientation: int | None = None, gps: bool = False) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model 1"  # Model
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (3.0, 42.0, 0.0)})
    return encode(picture(width, height), "JPEG", quality=90, exif=exif.tobytes())


def stored_for_orientation(upright: Image.Image, orientation: int) -> Image.Image:
    """How a camera stores an upright picture under an EXIF orientation (the inverse of the fix)."""
    inverse = {
        1: None,
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }[orientation]
    return upright if inverse is None else upright.transpose(inverse)


def oriented_jpeg(orientation: int, width: int = 800, height: int = 600) -> bytes:
    """An upright width x height picture, stored the way EXIF `orientation` says."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    stored = stored_for_orientation(picture(width, height), orientation)
    return encode(stored, "JPEG", quality=92, exif=exif.tobytes())


def quadrant_colours(image: Image.Image) -> list[tuple[int, ...]]:
    """The colour at the centre of each quadrant: top-left, top-right, bottom-left, bottom-right."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    return [rgb.getpixel(p) for p in points]  # type: ignore[misc]


def is_upright_picture(image: Image.Image, tolerance: int = 60) -> bool:
    expected = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)]
    return all(
        all(abs(a - b) <= tolerance for a, b in zip(seen, want, strict=True))
        for seen, want in zip(quadrant_colours(image), expected, strict=True)
    )
