"""Which Pillow plugin reads which sniffed type. Each file is opened with exactly one plugin (the one
its bytes were sniffed as), so a file can never be parsed by a plugin it only happens to resemble.

HEIC/HEIF come from pillow-heif, registered on first use: importing this module costs nothing and
a worker that never sees an iPhone photo never loads libheif.
"""

from __future__ import annotations

import importlib
from functools import cache

from app.domain.errors import ErrorCode, InputRejected

PIL_FORMATS: dict[str, str] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WEBP",
    "image/gif": "GIF",
    "image/tiff": "TIFF",
    "image/bmp": "BMP",
    "image/avif": "AVIF",
    "image/heic": "HEIF",
    "image/heif": "HEIF",
}

# The module of each reader. Importing only the one a file needs registers it; opening a format
# Pillow has not registered makes it import all of its ~45 plugins (`Image.init`, ~0.3 s).
PLUGIN_MODULES: dict[str, str] = {
    "JPEG": "PIL.JpegImagePlugin",
    "PNG": "PIL.PngImagePlugin",
    "WEBP": "PIL.WebPImagePlugin",
    "GIF": "PIL.GifImagePlugin",
    "TIFF": "PIL.TiffImagePlugin",
    "BMP": "PIL.BmpImagePlugin",
    "AVIF": "PIL.AvifImagePlugin",
}

# Formats whose files may hold an animation (more than one frame meant to be played in sequence).
# A multi-page TIFF or a HEIC burst is a document or a set of stills: only its first image is used.
ANIMATED_FORMATS = frozenset({"GIF", "WEBP", "PNG", "AVIF"})


@cache
def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    # Thumbnails stay out of `info` (we never use them); the rest is pillow-heif's defaults.
    register_heif_opener(thumbnails=False)


def plugin_for(content_type: str) -> str:
    """The Pillow format name for a sniffed content type, registering HEIF support when needed."""
    name = PIL_FORMATS.get(content_type)
    if name is None:
        raise InputRejected(f"Images of type {content_type} cannot be processed.", ErrorCode.UNSUPPORTED_TYPE)
    if name == "HEIF":
        _register_heif()
    else:
        importlib.import_module(PLUGIN_MODULES[name])
    return name
