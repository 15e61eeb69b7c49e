"""Bring any decoded mode to what encoders take: RGB, or RGBA when there is transparency."""

from __future__ import annotations

from PIL import Image

WHITE = (255, 255, 255)


def has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode in {"P", "L", "RGB"} and "transparency" in image.info
    )


def to_display_mode(image: Image.Image) -> Image.Image:
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        # 16-bit (and 32-bit integer) greyscale: scale to 8 bits rather than clipping at 255.
        image = image.point(lambda value: value / 256).convert("L")
    if has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode == "RGB" else image.convert("RGB")


def flatten(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Composite transparency onto a background for formats without alpha (JPEG)."""
    if image.mode != "RGBA":
        return image
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return flat
