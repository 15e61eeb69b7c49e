from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.presets import Encoding, ImageFormat
from processors.imaging.encode import MAX_SIDE, encode, encode_animation
from tests import media_factory as m


@pytest.mark.parametrize("fmt", list(ImageFormat))
def test_nothing_the_source_carried_reaches_the_output(fmt: ImageFormat) -> None:
    # GIVEN a picture whose info still holds what its file carried
    image = m.picture()
    image.info.update({"exif": m.camera_exif().tobytes(), "comment": b"secret", "xmp": b"<x:xmpmeta/>"})
    image.info["icc_profile"] = m.srgb_profile()

    data = encode(image, Encoding(format=fmt, quality=80), None)

    out = Image.open(io.BytesIO(data))
    assert not out.getexif()
    assert "icc_profile" not in out.info
    assert "comment" not in out.info
    assert b"TestCam" not in data
    assert b"secret" not in data
    assert b"xmpmeta" not in data


@pytest.mark.parametrize("fmt", list(ImageFormat))
def test_a_kept_profile_is_embedded(fmt: ImageFormat) -> None:
    profile = m.srgb_profile()
    out = Image.open(io.BytesIO(encode(m.picture(), Encoding(format=fmt, quality=80), profile)))
    assert out.info.get("icc_profile") == profile


def test_animation_keeps_frames_durations_and_loop() -> None:
    frames = [Image.new("RGBA", (20, 10), (i * 60, 0, 0, 255)) for i in range(4)]

    out = Image.open(io.BytesIO(encode_animation(frames, [100, 200, 300, 400], 3, 80, None)))

    assert getattr(out, "n_frames", 1) == 4
    assert out.info["loop"] == 3
    durations = []
    for index in range(4):
        out.seek(index)
        out.load()
        durations.append(out.info["duration"])
    assert durations == [100, 200, 300, 400]


@pytest.mark.parametrize("fmt", list(ImageFormat))
def test_each_encoder_writes_its_longest_side(fmt: ImageFormat) -> None:
    side = min(MAX_SIDE[fmt], 70_000)  # PNG's 31 bits are more than a test should allocate
    data = encode(Image.new("RGB", (1, side)), Encoding(format=fmt, quality=50), None)
    assert Image.open(io.BytesIO(data)).size == (1, side)


@pytest.mark.parametrize("fmt", [ImageFormat.WEBP, ImageFormat.JPEG])
def test_webp_and_jpeg_refuse_one_pixel_more(fmt: ImageFormat) -> None:
    # The limits are the libraries' own: one more pixel fails, and would on every retry.
    with pytest.raises((OSError, ValueError)):
        encode(Image.new("RGB", (1, MAX_SIDE[fmt] + 1)), Encoding(format=fmt, quality=50), None)
