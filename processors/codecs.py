"""Codec names as RFC 6381 spells them (`avc1.64001f`, `mp4a.40.2`): what HLS's CODECS attribute
and a browser's `MediaSource.isTypeSupported` ask for, read from what the encoder actually made."""

from __future__ import annotations

AAC_LC = "mp4a.40.2"  # MPEG-4 audio, object type 2: AAC low complexity, what FFmpeg's aac makes
OPUS = "opus"
_SPS = 7  # H.264 NAL unit type of a sequence parameter set


def avc1(extradata: bytes) -> str:
    """`avc1.PPCCLL` from an H.264 encoder's global header: profile, constraint flags and level as
    its sequence parameter set states them. Both layouts are read: an avcC record (what MP4 holds)
    and Annex B start codes (what libx264 hands over)."""
    if len(extradata) >= 4 and extradata[0] == 1:  # avcC: version 1, then profile, flags, level
        return f"avc1.{extradata[1]:02x}{extradata[2]:02x}{extradata[3]:02x}"
    for nal in _annex_b_units(extradata):
        if len(nal) >= 4 and nal[0] & 0x1F == _SPS:
            return f"avc1.{nal[1]:02x}{nal[2]:02x}{nal[3]:02x}"
    raise ValueError("the H.264 header holds no sequence parameter set")


def _annex_b_units(data: bytes) -> list[bytes]:
    units, start = [], _next_unit(data, 0)
    while start is not None:
        following = _next_unit(data, start)
        end = len(data) if following is None else data.rfind(b"\x00\x00\x01", 0, following)
        units.append(data[start:end].rstrip(b"\x00"))
        start = following
    return units


def _next_unit(data: bytes, position: int) -> int | None:
    found = data.find(b"\x00\x00\x01", position)
    return None if found < 0 else found + 3
