from __future__ import annotations

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from processors.imaging.decode import check_pixels, load, open_image, orientation, stored_size
from tests import media_factory as m


def test_the_pixel_budget_is_checked_on_the_header_before_decoding() -> None:
    data = m.encode(Image.new("L", (3000, 2000)), "PNG")

    with pytest.raises(InputRejected) as raised, open_image(data, "image/png", Limits(max_pixels=5_000_000)):
        pass

    assert raised.value.code is ErrorCode.TOO_MANY_PIXELS
    assert "3000x2000" in raised.value.message


def test_a_file_is_opened_only_with_the_plugin_it_was_sniffed_as() -> None:
    with (
        pytest.raises(InputRejected) as raised,
        open_image(m.encode(m.picture(), "PNG"), "image/jpeg", Limits()),
    ):
        pass

    assert raised.value.code is ErrorCode.CORRUPT


def test_zero_sized_declarations_are_corrupt() -> None:
    with pytest.raises(InputRejected) as raised:
        check_pixels((0, 10), Limits())
    assert raised.value.code is ErrorCode.CORRUPT


def test_truncated_pixels_fail_at_load_as_corrupt() -> None:
    data = m.encode(m.picture(), "PNG")[:-200]

    with open_image(data, "image/png", Limits()) as image, pytest.raises(InputRejected) as raised:
        load(image, None, Limits())

    assert raised.value.code is ErrorCode.CORRUPT


def test_jpeg_decodes_at_reduced_scale_when_outputs_are_small() -> None:
    with open_image(m.encode(m.picture(1600, 1200), "JPEG"), "image/jpeg", Limits()) as image:
        load(image, (300, 200), Limits())
        assert image.size == (400, 300)  # 1/4 scale is the smallest still at least 300x200


@pytest.mark.parametrize(("value", "expected"), [(0, 1), (1, 1), (6, 6), (8, 8), (9, 1), ("x", 1)])
def test_orientation_outside_1_to_8_means_normal(value: object, expected: int) -> None:
    image = Image.new("RGB", (4, 4))
    image.getexif()[m.ORIENTATION] = value
    assert orientation(image) == expected


def test_stored_size_swaps_for_transposed_orientations() -> None:
    assert stored_size((300.2, 200), 6) == (200, 301)
    assert stored_size((300, 200), 3) == (300, 200)
