"""render_image end to end on generated inputs: every format, every orientation, privacy, alpha."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import BUILTIN_PRESETS, Encoding, Fit, ImageFormat, Preset
from processors.budget import unlimited
from processors.imaging.render import render_image
from processors.rendering import Rendering
from tests import media_factory as m

DEFAULT = BUILTIN_PRESETS[0]
EVERY_FORMAT = Preset(
    name="every",
    widths=(200, 100),
    formats=tuple(Encoding(format=f, quality=80) for f in ImageFormat),
)


def render(
    data: bytes, content_type: str, preset: Preset = DEFAULT, limits: Limits | None = None
) -> Rendering:
    return render_image(data, content_type, preset, limits or Limits(), unlimited(), StepTimes())


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation: int) -> None:
    # GIVEN an upright 400x300 picture stored the way EXIF orientation N says
    data = m.oriented_jpeg(orientation)

    # WHEN it is rendered
    rendering = render(data, "image/jpeg")

    # THEN every output is 400 wide (or less), landscape, and upright
    assert rendering.metadata["orientation"] == orientation
    assert (rendering.metadata["width"], rendering.metadata["height"]) == (400, 300)
    for rendition in rendering.renditions:
        image = opened(rendition.content)
        assert image.width > image.height
        assert m.is_upright(image), (orientation, rendition.name)


@pytest.mark.parametrize(
    ("fmt", "content_type", "options"),
    [
        ("JPEG", "image/jpeg", {}),
        ("JPEG", "image/jpeg", {"progressive": True}),
        ("PNG", "image/png", {}),
        ("WEBP", "image/webp", {"quality": 90}),
        ("WEBP", "image/webp", {"lossless": True}),
        ("GIF", "image/gif", {}),
        ("TIFF", "image/tiff", {"compression": "tiff_lzw"}),
        ("BMP", "image/bmp", {}),
        ("AVIF", "image/avif", {"quality": 90}),
    ],
)
def test_each_input_format_renders_every_output_format(
    fmt: str, content_type: str, options: dict[str, object]
) -> None:
    rendering = render(m.encode(m.picture(), fmt, **options), content_type, EVERY_FORMAT)

    assert {(r.name, r.format) for r in rendering.renditions} == {
        (name, f) for name in ("w200", "w100") for f in ImageFormat
    }
    for rendition in rendering.renditions:
        image = opened(rendition.content)
        assert (
            image.format == {"jpeg": "JPEG", "webp": "WEBP", "avif": "AVIF", "png": "PNG"}[rendition.format]
        )
        assert image.size == (rendition.width, rendition.height)
        assert m.is_upright(image, tolerance=70)


def test_heic_is_decoded_through_pillow_heif() -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    pillow_heif.from_pillow(m.picture()).save(buffer, format="HEIF", quality=90)

    rendering = render(buffer.getvalue(), "image/heic")

    assert rendering.metadata["format"] == "heif"
    assert m.is_upright(opened(rendering.renditions[0].content))


def test_outputs_carry_no_exif_gps_or_comment_and_metadata_has_no_coordinates() -> None:
    # GIVEN a camera JPEG with make, model, capture time, GPS and a comment
    data = m.encode(m.picture(), "JPEG", exif=m.camera_exif().tobytes(), comment=b"secret note")

    rendering = render(data, "image/jpeg", EVERY_FORMAT)

    # THEN the facts are kept as metadata, without the coordinates...
    assert rendering.metadata["cameraMake"] == "TestCam"
    assert rendering.metadata["capturedAt"] == "2024-05-06T07:08:09"
    assert rendering.metadata["hasLocation"] is True
    assert "location" not in rendering.metadata
    # ...and no output carries any of it
    for rendition in rendering.renditions:
        image = opened(rendition.content)
        assert not image.getexif(), rendition
        assert not image.info.get("exif")
        assert not image.info.get("xmp")
        assert "comment" not in image.info
        assert b"TestCam" not in rendition.content
        assert b"secret note" not in rendition.content


def test_a_preset_that_keeps_the_location_stores_coordinates() -> None:
    preset = DEFAULT.model_copy(update={"keep_location": True})
    rendering = render(m.encode(m.picture(), "JPEG", exif=m.camera_exif().tobytes()), "image/jpeg", preset)

    location = rendering.metadata["location"]
    assert location["latitude"] == pytest.approx(40.446111, abs=1e-5)
    assert location["longitude"] == pytest.approx(-3.7, abs=1e-5)


def test_alpha_is_kept_in_webp_avif_png_and_flattened_on_white_in_jpeg() -> None:
    image = Image.new("RGBA", (200, 100), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (100, 0, 200, 100))

    rendering = render(m.encode(image, "PNG"), "image/png", EVERY_FORMAT)

    assert rendering.metadata["hasAlpha"] is True
    for rendition in (r for r in rendering.renditions if r.name == "w200"):
        out = opened(rendition.content).convert("RGBA")
        left: tuple[int, ...] = out.getpixel((20, 50))  # type: ignore[assignment]
        right: tuple[int, ...] = out.getpixel((180, 50))  # type: ignore[assignment]
        if rendition.format is ImageFormat.JPEG:
            assert left[:3] == pytest.approx((255, 255, 255), abs=8)
        else:
            assert left[3] == 0, rendition.format
        assert right[2] > 200
        assert right[3] == 255


def test_palette_with_transparency_and_sixteen_bit_grey_render() -> None:
    palette = m.picture(mode="P")
    palette.info["transparency"] = 0
    grey16 = Image.new("I;16", (64, 64), 40000)

    transparent = render(m.encode(palette, "PNG"), "image/png")
    grey = render(m.encode(grey16, "PNG"), "image/png")

    assert transparent.metadata["hasAlpha"] is True
    # 40000/65535 of full scale is about 156 of 255, not clipped to 255
    assert opened(grey.renditions[1].content).convert("L").getpixel((10, 10)) == pytest.approx(156, abs=3)


def test_cover_crops_to_the_aspect_ratio() -> None:
    preset = Preset(
        name="square",
        widths=(100,),
        formats=(Encoding(format=ImageFormat.PNG),),
        fit=Fit.COVER,
        aspect_ratio=1.0,
    )
    rendering = render(m.encode(m.picture(400, 200), "PNG"), "image/png", preset)

    assert [(r.width, r.height) for r in rendering.renditions] == [(100, 100)]


def test_placeholders_are_computed() -> None:
    rendering = render(m.encode(Image.new("RGB", (300, 200), (10, 120, 200)), "PNG"), "image/png")

    assert rendering.blurhash is not None
    assert len(rendering.blurhash) == 28
    assert rendering.dominant_color == "#0a78c8"


def test_animated_gif_gives_stills_of_the_first_frame_and_an_animated_webp() -> None:
    rendering = render(m.animated("GIF", frames=5, loop=0), "image/gif")

    names = [r.name for r in rendering.renditions]
    assert names[-1] == "animated"
    assert "w120" in names
    animated = opened(rendering.renditions[-1].content)
    assert animated.format == "WEBP"
    assert getattr(animated, "n_frames", 1) == 5
    assert rendering.metadata | {"frames": 5, "loop": 0, "animated": True} == rendering.metadata
    first = opened(next(r for r in rendering.renditions if r.name == "w120").content).convert("RGB")
    assert first.getpixel((5, 5)) == pytest.approx((255, 0, 0), abs=20)


def test_a_picture_taller_than_webp_can_write_renders_within_its_limit() -> None:
    # GIVEN a 200 x 20000 strip (a long screenshot's shape, 4 MP): at 200 wide a WebP would be
    # taller than libwebp's 16383 and fail the same way on every retry
    data = m.encode(m.picture(200, 20_000), "PNG")
    preset = Preset(name="p", widths=(1920, 100), formats=DEFAULT.formats)

    # WHEN it is rendered
    rendering = render(data, "image/png", preset)

    # THEN every output exists, the widest narrowed to WebP's limit at the same aspect ratio
    assert {(r.format, r.name, r.width, r.height) for r in rendering.renditions} == {
        *((e.format, "w163", 163, 16_300) for e in DEFAULT.formats),
        *((e.format, "w100", 100, 10_000) for e in DEFAULT.formats),
    }
    for rendition in rendering.renditions:
        assert opened(rendition.content).size == (rendition.width, rendition.height)
    assert (rendering.metadata["width"], rendering.metadata["height"]) == (200, 20_000)
