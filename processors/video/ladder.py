"""Which sizes a video is encoded at: the preset's rungs that fit the source, in even dimensions.

Pure arithmetic, so it is tested on its own: H.264 in 4:2:0 needs even widths and heights, a rung
is never taller than the upright source (upscaling adds bytes, not detail), and a source between
two rungs gets a top rung at its own size (capped as the taller rung), so neither the stream nor the
download loses what the source has.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.presets import Rung


@dataclass(frozen=True, slots=True)
class Size:
    name: str  # `360p`, what the stream's files are named after
    width: int
    height: int
    max_kbps: int


def ladder_for(upright: tuple[int, int], rungs: tuple[Rung, ...]) -> tuple[Size, ...]:
    """The rungs to encode a source of `upright` (width, height) at, smallest first."""
    width, height = upright
    if width < 2 or height < 2:
        raise ValueError(f"a {width}x{height} picture is too small to encode")
    own = _even(height)
    sizes = [_size(rung.height, width, height, rung.max_kbps) for rung in rungs if rung.height <= own]
    taller = [rung for rung in rungs if rung.height > own]
    if taller and (not sizes or sizes[-1].height < own):
        sizes.append(_size(own, width, height, taller[0].max_kbps))
    return tuple(sizes)


def _size(target_height: int, width: int, height: int, max_kbps: int) -> Size:
    scaled_width = _even(round(width * target_height / height))
    return Size(name=f"{target_height}p", width=max(2, scaled_width), height=target_height, max_kbps=max_kbps)


def _even(value: float) -> int:
    return max(2, int(value) // 2 * 2)
