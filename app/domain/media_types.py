"""The content types the pipeline understands, and the kind of media each one is.

Declared types are only a hint: processors sniff the real type from the bytes. These tables decide
what `createUpload` accepts and which file extension an output gets.
"""

from __future__ import annotations

from app.domain.models import MediaKind

IMAGE, VIDEO, AUDIO = MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.AUDIO

KIND_OF_TYPE: dict[str, MediaKind] = {
    "image/jpeg": IMAGE,
    "image/png": IMAGE,
    "image/webp": IMAGE,
    "image/gif": IMAGE,
    "image/tiff": IMAGE,
    "image/bmp": IMAGE,
    "image/avif": IMAGE,
    "image/heic": IMAGE,
    "image/heif": IMAGE,
    "video/mp4": VIDEO,
    "video/webm": VIDEO,
    "video/quicktime": VIDEO,
    "audio/mpeg": AUDIO,
    "audio/wav": AUDIO,
    "audio/flac": AUDIO,
    "audio/mp4": AUDIO,
    "audio/aac": AUDIO,
    "audio/ogg": AUDIO,
}

# Names browsers and tools use for the same thing.
ALIASES: dict[str, str] = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "image/x-ms-bmp": "image/bmp",
    "image/heic-sequence": "image/heic",
    "image/heif-sequence": "image/heif",
    "audio/mp3": "audio/mpeg",
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/vnd.wave": "audio/wav",
    "audio/x-flac": "audio/flac",
    "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "audio/x-aac": "audio/aac",
    "application/ogg": "audio/ogg",
}

EXTENSIONS: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/avif": "avif",
}


def normalise(content_type: str) -> str:
    """`Image/JPG; charset=x` -> `image/jpeg`: lower case, parameters dropped, aliases resolved."""
    bare = content_type.split(";", 1)[0].strip().lower()
    return ALIASES.get(bare, bare)


def kind_of(content_type: str) -> MediaKind | None:
    return KIND_OF_TYPE.get(normalise(content_type))


def extension_for(content_type: str) -> str:
    return EXTENSIONS.get(content_type, content_type.rsplit("/", 1)[-1])
