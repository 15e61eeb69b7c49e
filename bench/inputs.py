"""Benchmark inputs: ~12 MP camera-like JPEGs (and a 50 MP one), made on the spot.

Real photos from ../shared/samples are upscaled to 4000x3000 when present (detail like a camera's);
otherwise a synthetic scene of gradients, shapes and sensor-like noise stands in, so the benchmark
runs on a fresh clone too. Inputs carry no EXIF or ICC, so both pipelines do exactly the same work.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

TWELVE_MP = (4000, 3000)
FIFTY_MP = (8660, 5773)
SAMPLES = Path(
    os.environ.get("MEDIAPIPE_SAMPLES", Path(__file__).resolve().parents[1].parent / "shared" / "samples")
)
PHOTOS = ("photos/jolla.jpg", "photos/iphone_hdr_NO.jpg", "photos/HMD_Nokia_8.3_5G.jpg")


def synthetic(size: tuple[int, int], seed: int = 1) -> Image.Image:
    if size[0] * size[1] > TWELVE_MP[0] * TWELVE_MP[1]:
        return synthetic(TWELVE_MP, seed).resize(size, Image.Resampling.BICUBIC)
    width, height = size
    sky = Image.linear_gradient("L").resize(size).convert("RGB")
    scene = Image.merge(
        "RGB", (sky.getchannel(0), sky.getchannel(0).point(lambda v: 255 - v // 2), sky.getchannel(0))
    )
    draw = ImageDraw.Draw(scene)
    for index in range(60):
        x, y = (index * 7919 * seed) % width, (index * 104729) % height
        radius = 40 + (index * 37) % 400
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=((index * 53) % 256, (index * 97) % 256, (index * 31) % 256),
        )
    noise = Image.effect_noise(size, 24).convert("RGB")
    return Image.blend(scene.filter(ImageFilter.GaussianBlur(2)), noise, 0.18)


def camera_jpeg(image: Image.Image, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def twelve_megapixel_photos() -> dict[str, bytes]:
    photos: dict[str, bytes] = {}
    for name in PHOTOS:
        path = SAMPLES / name
        if path.is_file():
            with Image.open(path) as image:
                photos[f"{Path(name).stem} (upscaled)"] = camera_jpeg(image, TWELVE_MP)
    photos["synthetic"] = camera_jpeg(synthetic(TWELVE_MP), TWELVE_MP)
    return photos


def fifty_megapixel(fmt: str) -> bytes:
    buffer = io.BytesIO()
    synthetic(FIFTY_MP).save(buffer, fmt, **({"quality": 92} if fmt == "JPEG" else {"compress_level": 1}))
    return buffer.getvalue()
