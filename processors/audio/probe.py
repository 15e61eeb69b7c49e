"""Facts about an audio stream: codec, sample rate, channels, bitrate."""

from __future__ import annotations

from typing import Any


def first_audio_stream(container: Any) -> Any | None:
    return next(iter(container.streams.audio), None)


def playable_layout(stream: Any | None) -> str:
    """The layout what plays is encoded in: mono stays mono; anything more (5.1 included) is mixed
    down to the stereo every player has."""
    return "mono" if stream is not None and stream.codec_context.channels == 1 else "stereo"


def audio_facts(stream: Any) -> dict[str, Any]:
    context = stream.codec_context
    layout = getattr(context, "layout", None)
    channels = getattr(context, "channels", None) or (len(layout.channels) if layout is not None else None)
    return {
        "codec": _codec_name(context.name),
        "sampleRate": int(context.sample_rate or 0) or None,
        "channels": int(channels) if channels else None,
        "channelLayout": _layout_name(layout),
        "bitrate": int(stream.bit_rate or context.bit_rate or 0) or None,
    }


def _codec_name(name: str) -> str:
    """FFmpeg's decoder names, reported as the codec they decode (`mp3float` is MP3)."""
    return {"mp3float": "mp3", "mp3": "mp3", "aac_fixed": "aac"}.get(name, name)


def _layout_name(layout: Any) -> str | None:
    """`stereo`, `5.1`, ...; FFmpeg's placeholder for unnamed layouts ("1 channels") says nothing."""
    name = getattr(layout, "name", None)
    return name if isinstance(name, str) and "channels" not in name else None
