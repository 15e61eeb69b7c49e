"""Opening untrusted audio and video with PyAV (FFmpeg), and the facts every container shares.

Each file is opened with exactly the demuxer its bytes were sniffed as, never FFmpeg's probing: a
probe may pick a playlist or concat demuxer that reads other files or URLs (a known SSRF / local
file read class). Container tags are attacker-controlled text, so they are whitelisted and capped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import av

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.models import MediaKind
from processors.original import Original, reader
from processors.rendering import EncodingFailed

DEMUXERS: dict[str, str] = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "matroska",
    "audio/mp4": "mp4",
    "audio/mpeg": "mp3",
    "audio/wav": "wav",
    "audio/flac": "flac",
    "audio/aac": "aac",
    "audio/ogg": "ogg",
}
TAGS = ("title", "artist", "album", "album_artist", "date", "genre", "track", "composer", "comment")
_MAX_TAG = 200
_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)?")


def corrupt(error: BaseException) -> InputRejected:
    detail = str(error).strip() or type(error).__name__
    return InputRejected(f"The file could not be decoded ({detail[:120]}).", ErrorCode.CORRUPT)


@contextmanager
def open_container(data: Original, content_type: str) -> Iterator[Any]:
    demuxer = DEMUXERS.get(content_type)
    if demuxer is None:
        raise InputRejected(f"Files of type {content_type} cannot be processed.", ErrorCode.UNSUPPORTED_TYPE)
    stream = reader(data)
    try:
        try:
            container = av.open(stream, mode="r", format=demuxer)
        except (av.FFmpegError, ValueError, OSError, EOFError) as error:
            raise corrupt(error) from error
        try:
            yield container
        finally:
            container.close()
    finally:
        stream.close()  # before the original's map may close


@contextmanager
def our_side(what: str) -> Iterator[None]:
    """Encoding and writing what we make: what goes wrong here is ours (EncodingFailed), not the
    file's, which decoded (`corrupt` is for that)."""
    try:
        yield
    except (av.FFmpegError, OSError, MemoryError) as error:
        raise EncodingFailed(f"{what}: {error}") from error


def duration_s(container: Any, stream: Any | None) -> float | None:
    """The container's duration, else the stream's; None when neither says."""
    if container.duration:
        return float(container.duration) / av.time_base
    if stream is not None and stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def check_duration(seconds: float | None, limits: Limits, kind: MediaKind) -> None:
    """Before any decoding: what the container says it lasts, against the kind's limit. A container
    that does not say (a live WebM, as browsers record) is held to it as it is decoded instead:
    `too_long`."""
    limit = limits.max_seconds(kind)
    if seconds is not None and seconds > limit:
        raise too_long(kind, limit, f"lasts {seconds:,.0f} s")


def too_long(kind: MediaKind, limit: float, how_long: str) -> InputRejected:
    """`TOO_LONG`, saying how long the media is (`how_long`: "lasts 300 s") and the limit."""
    return InputRejected(
        f"The {kind.value.lower()} {how_long}; the limit is {limit:,.0f} s.", ErrorCode.TOO_LONG
    )


def tags(container: Any, stream: Any | None = None) -> dict[str, str]:
    """Whitelisted, capped text tags (title, artist, album, ...), container first, then the stream's."""
    found: dict[str, str] = {}
    for source in (dict(container.metadata), dict(stream.metadata) if stream is not None else {}):
        for key, value in source.items():
            name = str(key).lower()
            if name in TAGS and name not in found and (text := _text(value)):
                found[name] = text
    return found


def recording_facts(container: Any, *, keep_location: bool) -> dict[str, Any]:
    """What phones write into QuickTime/MP4 metadata: device, capture time, and where."""
    meta = {str(k).lower(): v for k, v in dict(container.metadata).items()}
    facts: dict[str, Any] = {
        "cameraMake": _text(meta.get("com.apple.quicktime.make") or meta.get("make")),
        "cameraModel": _text(meta.get("com.apple.quicktime.model") or meta.get("model")),
        "capturedAt": _iso(meta.get("com.apple.quicktime.creationdate") or meta.get("creation_time")),
    }
    location = _location(meta.get("com.apple.quicktime.location.iso6709") or meta.get("location"))
    facts["hasLocation"] = location is not None
    if keep_location and location is not None:
        facts["location"] = location
    return {name: value for name, value in facts.items() if value is not None}


def _text(value: object) -> str | None:
    """A tag as printable text. PyAV decodes tags with surrogateescape, so bytes that are not UTF-8
    arrive as lone surrogates: those are unprintable and dropped here with every control character."""
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value if ch.isprintable()).strip()
    return cleaned[:_MAX_TAG] or None


def _iso(value: object) -> str | None:
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _location(value: object) -> dict[str, float] | None:
    match = _ISO6709.match(_text(value) or "")
    if match is None:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    place = {"latitude": latitude, "longitude": longitude}
    if match.group(3):
        place["altitude"] = float(match.group(3))
    return place
