"""The poster frame: the first candidate moment that is neither black, white nor flat.

Videos often open on black (fade-ins, camera start-up) or a flat title card. Candidates are taken
at a few moments from the start; each is judged on a 64x36 grey thumbnail (FFmpeg scales it, so
judging costs next to nothing), and the first that shows something wins, else the busiest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import ImageStat

from processors.budget import Deadline
from processors.video.frames import frames_from

CANDIDATE_TIMES_S = (0.0, 1.0, 2.0, 4.0, 8.0)
_DARK, _BRIGHT, _FLAT = 24.0, 232.0, 12.0


@dataclass(frozen=True, slots=True)
class Poster:
    frame: Any  # an av.VideoFrame
    time_s: float
    score: float


def judge(frame: Any) -> tuple[bool, float]:
    """(shows something, how busy): mean luminance away from the extremes and enough contrast."""
    thumbnail = frame.to_image(width=64, height=36).convert("L")
    stats = ImageStat.Stat(thumbnail)
    mean, spread = stats.mean[0], stats.stddev[0]
    return _DARK <= mean <= _BRIGHT and spread >= _FLAT, spread


def choose_poster(container: Any, stream: Any, duration: float | None, deadline: Deadline) -> Poster | None:
    best: Poster | None = None
    limit = duration * 0.9 if duration else None
    for moment in CANDIDATE_TIMES_S:
        if moment > 0 and (limit is None or moment > limit):
            break
        frame = next(frames_from(container, stream, moment, deadline), None)
        if frame is None:
            continue
        good, score = judge(frame)
        candidate = Poster(frame, float(frame.time or 0.0), score)
        if good:
            return candidate
        if best is None or score > best.score:
            best = candidate
    return best
