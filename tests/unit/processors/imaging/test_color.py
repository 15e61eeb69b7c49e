from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from processors.imaging.color import MAX_KEPT_PROFILE_BYTES, flatten, has_alpha, to_display
from tests import media_factory as m


def test_cmyk_jpeg_including_adobe_inverted_becomes_the_right_rgb() -> None:
    # Pillow writes (and reads) Adobe-style inverted CMYK; pure C0 M100 Y100 K0 is red.
    image = Image.open(io.BytesIO(m.cmyk_jpeg()))
    shown = to_display(image, None)

    assert shown.image.mode == "RGB"
    assert shown.icc_profile is None
    assert shown.image.getpixel((10, 10)) == pytest.approx((255, 0, 0), abs=12)


def test_cmyk_with_a_profile_of_another_colour_space_falls_back_to_the_plain_conversion() -> None:
    shown = to_display(Image.new("CMYK", (8, 8), (0, 0, 0, 0)), m.srgb_profile())
    assert shown.image.mode == "RGB"
    assert shown.image.getpixel((1, 1)) == (255, 255, 255)


def test_srgb_profiles_are_dropped_and_compact_rgb_profiles_kept() -> None:
    srgb = m.srgb_profile()
    other = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    assert to_display(m.picture(), srgb).icc_profile is None
    # A non-RGB profile on RGB pixels is nonsense and is ignored.
    assert to_display(m.picture(), other).icc_profile is None


def test_a_compact_rgb_profile_is_kept_and_a_large_one_converted_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = m.srgb_profile()
    monkeypatch.setattr("processors.imaging.color._is_srgb", lambda _: False)  # pretend it is Display P3
    assert len(data) <= MAX_KEPT_PROFILE_BYTES
    assert to_display(m.picture(), data).icc_profile == data

    monkeypatch.setattr("processors.imaging.color.MAX_KEPT_PROFILE_BYTES", 10)
    shown = to_display(m.picture(), data)
    assert shown.icc_profile is None
    assert shown.image.getpixel((10, 10)) == pytest.approx((255, 0, 0), abs=3)


def test_unreadable_profiles_are_ignored() -> None:
    assert to_display(m.picture(), b"not a profile").icc_profile is None


@pytest.mark.parametrize(
    ("mode", "alpha"),
    [("RGB", False), ("RGBA", True), ("LA", True), ("L", False), ("1", False), ("P", False)],
)
def test_every_mode_becomes_rgb_or_rgba(mode: str, alpha: bool) -> None:
    shown = to_display(m.picture(mode=mode), None)
    assert shown.image.mode == ("RGBA" if alpha else "RGB")
    assert has_alpha(m.picture(mode=mode)) is alpha


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    shown = to_display(Image.new("I;16", (4, 4), 65535 // 2), None)
    assert shown.image.getpixel((0, 0)) == pytest.approx((127, 127, 127), abs=1)


def test_flatten_composites_on_white() -> None:
    flat = flatten(Image.new("RGBA", (2, 2), (0, 0, 0, 0)))
    assert flat.mode == "RGB"
    assert flat.getpixel((0, 0)) == (255, 255, 255)
