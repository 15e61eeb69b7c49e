from __future__ import annotations

from app.domain.presets import Encoding, Fit, ImageFormat, Preset
from processors.imaging.geometry import Box, crop_box, targets, upright_size

WEBP = (Encoding(format=ImageFormat.WEBP),)


def preset(widths: tuple[int, ...], fit: Fit = Fit.CONTAIN, aspect: float | None = None) -> Preset:
    return Preset(name="p", widths=widths, formats=WEBP, fit=fit, aspect_ratio=aspect)


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
