"""The ladder: the preset's rungs that fit the source, in even sizes, plus the source's own size
when it lies between two rungs."""

from __future__ import annotations

import pytest

from app.domain.presets import Rung, VideoEncoding
from processors.video.ladder import ladder_for

LADDER = VideoEncoding().ladder


def test_a_full_hd_source_gets_every_rung() -> None:
    sizes = ladder_for((1920, 1080), LADDER)
    assert [(s.name, s.width, s.height, s.max_kbps) for s in sizes] == [
        ("360p", 640, 360, 1_000),
        ("720p", 1280, 720, 3_000),
        ("1080p", 1920, 1080, 6_000),
    ]


def test_a_4k_source_is_never_scaled_above_the_top_rung() -> None:
    assert [s.height for s in ladder_for((3840, 2160), LADDER)] == [360, 720, 1080]


def test_a_source_between_rungs_keeps_its_own_size_on_top() -> None:
    sizes = ladder_for((960, 540), LADDER)
    assert [(s.width, s.height, s.max_kbps) for s in sizes] == [(640, 360, 1_000), (960, 540, 3_000)]


def test_a_source_below_every_rung_gets_one_at_its_size() -> None:
    assert [(s.width, s.height) for s in ladder_for((160, 120), LADDER)] == [(160, 120)]


@pytest.mark.parametrize(("upright", "expected"), [((161, 121), (160, 120)), ((1079, 1919), (606, 1080))])
def test_odd_and_portrait_sources_get_even_sizes(upright: tuple[int, int], expected: tuple[int, int]) -> None:
    top = ladder_for(upright, LADDER)[-1]
    assert (top.width, top.height) == expected
    assert top.width % 2 == 0 and top.height % 2 == 0


def test_a_ladder_is_sorted_and_its_heights_distinct() -> None:
    encoding = VideoEncoding(ladder=(Rung(height=720, max_kbps=3000), Rung(height=360, max_kbps=900)))
    assert [r.height for r in encoding.ladder] == [360, 720]
    with pytest.raises(ValueError, match="its own height"):
        VideoEncoding(ladder=(Rung(height=720, max_kbps=3000), Rung(height=720, max_kbps=900)))
    with pytest.raises(ValueError, match="'veryfast', 'faster'"):
        VideoEncoding.model_validate({"speed": "warp"})
