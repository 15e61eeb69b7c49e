from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.presets import BUILTIN_PRESETS, ImageFormat
from processors.budget import Deadline, unlimited
from processors.imaging.animation import animated_rendition, frame_count, output_size
from processors.imaging.encode import MAX_SIDE
from processors.imaging.geometry import Box
from tests import media_factory as m


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_frames_are_counted_and_limited_before_decoding() -> None:
    data = m.animated("GIF", frames=6)
    assert frame_count(opened(data), Limits()) == 6

    with pytest.raises(InputRejected) as raised:
        frame_count(opened(data), Limits(max_frames=5))
    assert raised.value.code is ErrorCode.TOO_MANY_FRAMES

    with pytest.raises(InputRejected) as raised:
        frame_count(opened(data), Limits(max_animation_pixels=5 * 120 * 90))
    assert raised.value.code is ErrorCode.TOO_MANY_PIXELS


def test_stills_and_pages_count_as_one_frame() -> None:
    pages = m.encode(
        Image.new("RGB", (8, 8)), "TIFF", save_all=True, append_images=[Image.new("RGB", (8, 8))]
    )
    assert frame_count(opened(pages), Limits()) == 1


@pytest.mark.parametrize(
    ("fmt", "options", "plays"),
    [("GIF", {}, 1), ("GIF", {"loop": 0}, 0), ("GIF", {"loop": 2}, 3), ("WEBP", {"loop": 3}, 3)],
)
def test_loop_counts_translate_to_webp_plays(fmt: str, options: dict[str, Any], plays: int) -> None:
    image = opened(m.animated(fmt, frames=3, **options))

    rendition, facts = animated_rendition(
        image,
        orientation=1,
        crop=Box(0, 0, 120, 90),
        frames=3,
        preset=BUILTIN_PRESETS[0],
        limits=Limits(),
        deadline=unlimited(),
    )

    assert facts == {"frames": 3, "durationMs": 300, "loop": plays}
    assert rendition.animated
    assert (rendition.width, rendition.height) == (120, 90)
    assert opened(rendition.content).info["loop"] == plays


def test_the_output_shrinks_so_all_frames_fit_in_memory() -> None:
    assert output_size(4000, 3000, 1, BUILTIN_PRESETS[0]) == (640, 480)
    assert output_size(4000, 3000, 1000, BUILTIN_PRESETS[0])[0] < 640
    assert output_size(100, 80, 10, BUILTIN_PRESETS[0]) == (100, 80)


def test_a_tall_animation_narrows_to_what_webp_can_write() -> None:
    # GIVEN a 100 x 20000 animation: at 100 wide its frames would be taller than WebP's 16383
    width, height = output_size(100, 20000, 2, BUILTIN_PRESETS[0])
    # THEN the output keeps the aspect ratio within the limit
    assert height <= MAX_SIDE[ImageFormat.WEBP] < 20000
    assert (width, height) == (81, 16200)


def test_the_deadline_stops_a_long_animation() -> None:
    ticks = iter(range(100))
    deadline = Deadline(2.5, clock=lambda: float(next(ticks)))
    image = opened(m.animated("GIF", frames=6))

    with pytest.raises(InputRejected) as raised:
        animated_rendition(
            image,
            orientation=1,
            crop=Box(0, 0, 120, 90),
            frames=6,
            preset=BUILTIN_PRESETS[0],
            limits=Limits(),
            deadline=deadline,
        )
    assert raised.value.code is ErrorCode.TOO_COMPLEX
