"""HLS playlists: the master playlist over the ladder, and each rung's playlist made to carry the
URL's signature to the files it names.

Every URL we hand out is signed; a stream's is signed for its whole folder (a CloudFront custom
policy, app/adapters/cloudfront_signing.py), and a player resolves the playlists' relative names
without the query that holds the signature. HLS's variable substitution closes the gap, the way
Apple describes it for tokens: `#EXT-X-DEFINE:QUERYPARAM="Policy"` takes the value from the URL the
playlist was fetched with, and each URI appends it again (`360p.m3u8?Policy={$Policy}&...`).
hls.js (full build), Safari and AVPlayer substitute them; the playlist stays a static file, which the
CDN serves and caches like any other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# What a folder-signed URL carries (CloudFront's custom-policy parameters), in the order it carries them.
SIGNATURE_PARAMETERS = ("Policy", "Signature", "Key-Pair-Id")
MASTER = "master.m3u8"
# QUERYPARAM arrived in protocol version 11 (draft-pantos-hls-rfc8216bis, section 7).
VERSION = 11
_URI_ATTRIBUTE = re.compile(r'URI="([^"]+)"')


@dataclass(frozen=True, slots=True)
class Variant:
    """One rung as the master playlist names it."""

    playlist: str  # its playlist's name, relative to the master's
    width: int
    height: int
    frame_rate: float | None
    codecs: str
    peak_bps: int
    average_bps: int


@dataclass(frozen=True, slots=True)
class Segments:
    """What a rung's playlist says about its segments: their files and durations."""

    files: tuple[str, ...]
    durations: tuple[float, ...]
    init: str | None


def read_segments(playlist: str) -> Segments:
    files, durations, init = [], [], None
    for line in playlist.splitlines():
        if line.startswith("#EXTINF:"):
            durations.append(float(line.removeprefix("#EXTINF:").split(",", 1)[0]))
        elif line.startswith("#EXT-X-MAP:"):
            found = _URI_ATTRIBUTE.search(line)
            init = found.group(1) if found else None
        elif line and not line.startswith("#"):
            files.append(line)
    return Segments(tuple(files), tuple(durations), init)


def bitrates(segments: Segments, folder: Path) -> tuple[int, int]:
    """(peak, average) bits per second over the rung's segments, as BANDWIDTH and
    AVERAGE-BANDWIDTH mean them: the peak is the largest segment's rate."""
    rates, total_bits, total_s = [], 0, 0.0
    for name, seconds in zip(segments.files, segments.durations, strict=True):
        bits = (folder / name).stat().st_size * 8
        total_bits, total_s = total_bits + bits, total_s + seconds
        rates.append(bits / seconds if seconds > 0 else 0)
    if not rates or total_s <= 0:
        raise ValueError("the rung has no segments")
    return math.ceil(max(rates)), math.ceil(total_bits / total_s)


def carrying_signature(playlist: str) -> str:
    """A rung's playlist, as FFmpeg wrote it, with every URI made to carry the signature along."""
    lines = playlist.splitlines()
    if not lines or lines[0] != "#EXTM3U":
        raise ValueError("not an HLS playlist")
    body = [_versioned(line) for line in lines[1:]]
    carried = [
        _URI_ATTRIBUTE.sub(lambda found: f'URI="{_signed(found.group(1))}"', line)
        if line.startswith("#EXT-X-MAP:")
        else (line if not line or line.startswith("#") else _signed(line))
        for line in body
    ]
    if not any(line.startswith("#EXT-X-VERSION:") for line in carried):
        carried.insert(0, f"#EXT-X-VERSION:{VERSION}")
    return "\n".join(["#EXTM3U", *_defines(), *carried]) + "\n"


def master_playlist(variants: Sequence[Variant]) -> str:
    """The multivariant playlist over the ladder, smallest rung first (players start low and climb)."""
    lines = ["#EXTM3U", f"#EXT-X-VERSION:{VERSION}", "#EXT-X-INDEPENDENT-SEGMENTS", *_defines()]
    for variant in sorted(variants, key=lambda v: v.peak_bps):
        attributes = [
            f"BANDWIDTH={variant.peak_bps}",
            f"AVERAGE-BANDWIDTH={variant.average_bps}",
            f"RESOLUTION={variant.width}x{variant.height}",
            f'CODECS="{variant.codecs}"',
        ]
        if variant.frame_rate:
            attributes.append(f"FRAME-RATE={variant.frame_rate:.3f}")
        lines += [f"#EXT-X-STREAM-INF:{','.join(attributes)}", _signed(variant.playlist)]
    return "\n".join(lines) + "\n"


def _defines() -> list[str]:
    return [f'#EXT-X-DEFINE:QUERYPARAM="{name}"' for name in SIGNATURE_PARAMETERS]


def _signed(uri: str) -> str:
    query = "&".join(f"{name}={{${name}}}" for name in SIGNATURE_PARAMETERS)
    return f"{uri}{'&' if '?' in uri else '?'}{query}"


def _versioned(line: str) -> str:
    return f"#EXT-X-VERSION:{VERSION}" if line.startswith("#EXT-X-VERSION:") else line
