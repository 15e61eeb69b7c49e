"""Bring any decoded mode to what encoders take (RGB, or RGBA when there is transparency), with
colour managed on the way.

ICC policy: CMYK (and Lab) pixels are converted to sRGB through their embedded profile, since no
web format shows CMYK; a compact RGB profile (Display P3, Adobe RGB: a few hundred bytes) is kept
and embedded in every output, which is cheaper than converting and keeps the wide gamut; a large or
unreadable one is converted to sRGB and dropped; sRGB itself and grey profiles are dropped, since an
untagged web image is sRGB already.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageCms

WHITE = (255, 255, 255)
# Profiles up to this size ride along in every output; bigger ones are converted away.
MAX_KEPT_PROFILE_BYTES = 8 * 1024
_SIXTEEN_BIT = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})


@dataclass(frozen=True, slots=True)
class Displayable:
    image: Image.Image
    icc_profile: bytes | None  # the profile to embed in outputs, or None for sRGB


def has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode in {"P", "L", "RGB", "1"} and "transparency" in image.info
    )


def to_display(image: Image.Image, icc_profile: bytes | None) -> Displayable:
    """RGB or RGBA pixels, and the profile they are in (None meaning sRGB)."""
    profile = _parse(icc_profile)
    space = profile.profile.xcolor_space.strip() if profile is not None else ""
    if image.mode in {"CMYK", "LAB"}:
        return Displayable(_to_srgb(image, profile if space in {"CMYK", "Lab"} else None), None)
    if image.mode in _SIXTEEN_BIT:
        # 16-bit (and 32-bit integer) grey: scale to 8 bits rather than clip at 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    pixels = _rgb(image)
    if profile is None or space != "RGB" or _is_srgb(profile):
        return Displayable(pixels, None)
    assert icc_profile is not None
    if len(icc_profile) <= MAX_KEPT_PROFILE_BYTES:
        return Displayable(pixels, icc_profile)
    return Displayable(_to_srgb(pixels, profile), None)


def flatten(image: Image.Image, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Composite transparency onto a background for formats without alpha (JPEG)."""
    if image.mode != "RGBA":
        return image
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _rgb(image: Image.Image) -> Image.Image:
    if has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode == "RGB" else image.convert("RGB")


def _to_srgb(image: Image.Image, profile: ImageCms.ImageCmsProfile | None) -> Image.Image:
    alpha = image.getchannel("A") if image.mode == "RGBA" else None
    source = image.convert("RGB") if alpha is not None else image
    if profile is None and image.mode == "LAB":
        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))
    if profile is None:
        converted = source.convert("RGB")
    else:
        srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        result = ImageCms.profileToProfile(
            source, profile, srgb, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
        converted = result if result is not None else source.convert("RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _parse(icc_profile: bytes | None) -> ImageCms.ImageCmsProfile | None:
    if not icc_profile:
        return None
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
    except (OSError, ImageCms.PyCMSError, ValueError, TypeError):
        return None  # an unreadable profile is ignored, as browsers do


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return description.strip().lower().startswith("srgb")
