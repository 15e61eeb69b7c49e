from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.presets import BUILTIN_PRESETS, Encoding, Fit, ImageFormat, Preset
from processors.imaging.render import render_image
from tests import images

DEFAULT = BUILTIN_PRESETS[0]


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation: int) -> None:
    rendering = render_image(images.oriented_jpeg(orientation, 800, 600), "image/jpeg", DEFAULT, Limits())
    assert rendering.metadata["width"] == 800
    assert rendering.metadata["height"] == 600
    assert rendering.metadata["orientation"] == orientation
    for rendition in rendering.renditions:
        out = decoded(rendition.data)
        assert out.size == (rendition.width, rendition.height)
        assert out.width > out.height
        assert images.is_upright_picture(out), f"{rendition.name}.{rendition.format} is not upright"


def test_outputs_are_the_presets_widths_in_each_format_and_never_upscaled() -> None:
    rendering = render_image(images.jpeg(1000, 500), "image/jpeg", DEFAULT, Limits())
    produced = sorted((r.name, r.format.value, r.width, r.height) for r in rendering.renditions)
    assert produced == sorted(
        (f"w{w}", f.value, w, w // 2) for w in (1000, 640, 320) for f in (ImageFormat.WEBP, ImageFormat.JPEG)
    )
    for rendition in rendering.renditions:
        assert decoded(rendition.data).format == rendition.format.value.upper()


def test_outputs_carry_no_exif_and_no_gps() -> None:
    rendering = render_image(images.jpeg(640, 480, gps=True), "image/jpeg", DEFAULT, Limits())
    for rendition in rendering.renditions:
        assert b"Exif" not in rendition.data
        assert b"TestCam" not in rendition.data
        assert not decoded(rendition.data).getexif()


def test_transparency_is_kept_in_webp_and_flattened_onto_white_in_jpeg() -> None:
    image = Image.new("RGBA", (100, 100), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 50, 100))
    rendering = render_image(images.encode(image, "PNG"), "image/png", DEFAULT, Limits())
    webp = decoded(next(r.data for r in rendering.renditions if r.format is ImageFormat.WEBP))
    jpeg = decoded(next(r.data for r in rendering.renditions if r.format is ImageFormat.JPEG))
    assert webp.mode == "RGBA"
    assert webp.getpixel((75, 50))[3] == 0  # type: ignore[index]
    assert all(channel > 240 for channel in jpeg.getpixel((75, 50)))  # type: ignore[union-attr]
    assert rendering.metadata["hasAlpha"] is True


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "1", "LA", "I;16"])
def test_other_modes_are_converted(mode: str) -> None:
    fmt = "TIFF" if mode in {"CMYK", "I;16"} else "PNG"
    data = images.encode(images.picture(64, 48).convert(mode), fmt)
    rendering = render_image(data, f"image/{fmt.lower()}", DEFAULT, Limits())
    assert {(r.width, r.height) for r in rendering.renditions} == {(64, 48)}


def test_cover_preset_makes_squares() -> None:
    square = Preset(
        name="sq", widths=(100,), formats=(Encoding(format=ImageFormat.WEBP),), fit=Fit.COVER, aspect_ratio=1
    )
    rendering = render_image(images.jpeg(400, 200), "image/jpeg", square, Limits())
    assert [(r.width, r.height) for r in rendering.renditions] == [(100, 100)]


def test_the_pixel_budget_is_checked_on_the_header_before_decoding() -> None:
    data = images.encode(Image.new("L", (3000, 2000)), "PNG")  # 6 MP, tiny file
    with pytest.raises(InputRejected) as raised:
        render_image(data, "image/png", DEFAULT, Limits(max_pixels=5_000_000))
    assert raised.value.code is ErrorCode.TOO_MANY_PIXELS


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (images.jpeg(200, 100)[:600], "image/jpeg"),  # truncated inside the scan
        (images.encode(images.picture(50, 50), "PNG")[:80], "image/png"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png"),
        (images.jpeg(64, 64), "image/png"),  # the plugin is chosen from the sniffed type only
    ],
)
def test_corrupt_images_are_rejected_with_a_code(data: bytes, content_type: str) -> None:
    with pytest.raises(InputRejected) as raised:
        render_image(data, content_type, DEFAULT, Limits())
    assert raised.value.code is ErrorCode.CORRUPT
