"""Encoders, one per output format, with settings chosen on purpose. No metadata is ever copied
across except the colour profile: EXIF (GPS, camera serials) is dropped by construction."""

from __future__ import annotations

import io

from PIL import Image

from app.domain.presets import Encoding, ImageFormat
from processors.imaging.color import flatten


def encode(image: Image.Image, encoding: Encoding, icc_profile: bytes | None) -> bytes:
    buffer = io.BytesIO()
    extra: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    match encoding.format:
        case ImageFormat.JPEG:
            # Baseline, 4:2:0 below q90, no second optimisation pass: the libvips defaults.
            flatten(image).save(buffer, "JPEG", quality=encoding.quality, **extra)
        case ImageFormat.WEBP:
            image.save(buffer, "WEBP", quality=encoding.quality, method=4, **extra)
        case ImageFormat.AVIF:
            image.save(buffer, "AVIF", quality=encoding.quality, speed=8, **extra)
        case ImageFormat.PNG:
            image.save(buffer, "PNG", compress_level=6, **extra)
    return buffer.getvalue()
