from __future__ import annotations

import pytest

from app.domain.presets import Encoding, Fit, ImageFormat, Preset
from processors.imaging.geometry import Box, crop_box, scaled, targets, upright_size

WEBP = (Encoding(format=ImageFormat.WEBP),)


def preset(
    widths: tuple[int, ...],
    fit: Fit = Fit.CONTAIN,
    aspect: float | None = None,
    formats: tuple[Encoding, ...] = WEBP,
) -> Preset:
    return Preset(name="p", widths=widths, formats=formats, fit=fit, aspect_ratio=aspect)


def test_upright_size_swaps_for_transposed_orientations() -> None:
    assert [upright_size((40, 30), o) for o in range(1, 9)] == [(40, 30)] * 4 + [(30, 40)] * 4


def test_never_upscales() -> None:
    planned = targets((500, 250), preset((1920, 640, 320)))
    assert [(t.name, t.width, t.height) for t in planned] == [("w500", 500, 250), ("w320", 320, 160)]


def test_sizes_keep_the_aspect_ratio() -> None:
    planned = targets((4000, 3000), preset((1280, 640)))
    assert [(t.width, t.height) for t in planned] == [(1280, 960), (640, 480)]


def test_tiny_images_still_get_one_pixel() -> None:
    assert [(t.width, t.height) for t in targets((1000, 1), preset((100,)))] == [(100, 1)]


def test_cover_crops_the_centre_to_the_aspect_ratio() -> None:
    square = preset((200,), Fit.COVER, 1.0)
    assert crop_box((400, 200), square) == Box(100, 0, 300, 200)
    assert crop_box((200, 400), square) == Box(0, 100, 200, 300)
    assert [(t.width, t.height) for t in targets((400, 200), square)] == [(200, 200)]


def test_contain_keeps_everything() -> None:
    assert crop_box((400, 200), preset((100,))) == Box(0, 0, 400, 200)


def test_a_tall_screenshot_narrows_to_what_webp_can_write() -> None:
    # GIVEN a 1080 x 20000 screenshot: at 1080 wide it is taller than WebP's 16383
    planned = targets((1080, 20_000), preset((1920, 1280, 640, 320)))
    # THEN the widest output is as wide as fits, and the others are unchanged
    assert [(t.name, t.width, t.height) for t in planned] == [
        ("w884", 884, 16_370),
        ("w640", 640, 11_852),
        ("w320", 320, 5_926),
    ]


def test_the_strictest_encoder_of_the_preset_decides() -> None:
    jpeg_only = (Encoding(format=ImageFormat.JPEG),)
    both = (Encoding(format=ImageFormat.JPEG), Encoding(format=ImageFormat.WEBP))
    assert targets((1080, 20_000), preset((1080,), formats=jpeg_only))[0].height == 20_000
    assert targets((1080, 20_000), preset((1080,), formats=both))[0].height <= 16_383


def test_widths_that_narrow_to_the_same_size_are_made_once() -> None:
    planned = targets((100, 30_000), preset((1920, 640, 320, 160, 60)))
    assert [(t.width, t.height) for t in planned] == [(54, 16_200)]


@pytest.mark.parametrize(
    ("width", "source", "expected"),
    [
        (640, (4000, 3000), (640, 480)),
        (2000, (20_000, 10), (2000, 1)),  # as short as it gets, not shorter
        (1, (1, 20_000), (1, 16_383)),  # thinner than 1 : 16383 cannot fit; it is clipped
    ],
)
def test_scaled_keeps_both_sides_within_the_limit(
    width: int, source: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert scaled(width, source, 16_383) == expected
