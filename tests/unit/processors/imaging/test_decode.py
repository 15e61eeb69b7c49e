from __future__ import annotations

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from processors.imaging.decode import check_shape, load, open_image, orientation, stored_size
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


@pytest.mark.parametrize(
    ("size", "limits"),
    [
        ((1080, 20_000), Limits()),  # a phone's long screenshot, 18.5:1
        ((30_000, 1_600), Limits()),  # a panorama, 48 MP
        ((30_000, 5_000), Limits(max_pixels=150_000_000)),  # 150 MP: only the pixel budget stops it
        ((32_768, 328), Limits()),
        ((1, 1), Limits()),
    ],
)
def test_shapes_people_make_pass(size: tuple[int, int], limits: Limits) -> None:
    check_shape(size, limits)


@pytest.mark.parametrize(
    "size", [(1, 49_000_000), (49_000_000, 1), (40_000, 40), (32_768, 327), (100, 10_001)]
)
def test_sides_and_slivers_beyond_the_limits_are_refused(size: tuple[int, int]) -> None:
    # GIVEN pictures within the pixel budget, but too long on a side or too thin for their length
    with pytest.raises(InputRejected) as raised:
        check_shape(size, Limits())
    assert raised.value.code is ErrorCode.UNSUPPORTED_DIMENSIONS
    assert f"{size[0]:,} x {size[1]:,}" in raised.value.message


def test_too_many_pixels_is_said_first() -> None:
    with pytest.raises(InputRejected) as raised:
        check_shape((100_000, 100_000), Limits())
    assert raised.value.code is ErrorCode.TOO_MANY_PIXELS


def test_a_tall_png_is_refused_on_its_header_before_decoding() -> None:
    # GIVEN a real 1 x 40000 PNG (40 kP, far under the pixel budget)
    data = m.encode(Image.new("I;16", (1, 40_000)), "PNG")
    # WHEN it is opened THEN its shape refuses it, before a single row is decoded
    with pytest.raises(InputRejected) as raised, open_image(data, "image/png", Limits()):
        pass
    assert raised.value.code is ErrorCode.UNSUPPORTED_DIMENSIONS


def test_metadata_is_counted_before_pillow_parses_it() -> None:
    data = m.encode(m.picture(), "JPEG")
    flooded = data[:2] + b"\xff\xfe\x00\x02" * 200 + data[2:]
    with (
        pytest.raises(InputRejected) as raised,
        open_image(flooded, "image/jpeg", Limits(max_metadata_segments=100)),
    ):
        pass
    assert raised.value.code is ErrorCode.TOO_MUCH_METADATA


def test_zero_sized_declarations_are_corrupt() -> None:
    with pytest.raises(InputRejected) as raised:
        check_shape((0, 10), Limits())
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
