"""Every real photo and every EXIF-orientation sample, through the running stack, comes out READY
and upright. Skipped (with the reason) when the sample folder is absent."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageChops, ImageStat

from tests.integration.conftest import Stack

pytestmark = pytest.mark.samples

# canon_hdr_NO.jpg is stored landscape with EXIF orientation 6: a portrait once upright.
PORTRAIT_PHOTOS = {"canon_hdr_NO.jpg", "87_OSError.jpg"}


def process_all(stack: Stack, paths: list[Path], report: dict[str, list[float]]) -> dict[str, dict[str, Any]]:
    def one(path: Path) -> tuple[str, dict[str, Any]]:
        with stack.client() as client:
            started = time.monotonic()
            media = client.upload_path(path, "image/jpeg")
            done = client.wait(media["id"], timeout=120)
            report.setdefault("upload->READY seconds (sample photos, 4 in parallel)", []).append(
                time.monotonic() - started
            )
            return path.name, done

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(one, paths))


def largest(item: dict[str, Any], fmt: str = "jpeg") -> Image.Image:
    variant = max((v for v in item["variants"] if v["format"] == fmt), key=lambda v: v["width"])
    image = Image.open(io.BytesIO(httpx.get(variant["url"]).content))
    image.load()
    assert image.size == (variant["width"], variant["height"])
    return image


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two pictures reduced to 48x48 greyscale (0 same, 255 opposite)."""
    small = [im.convert("L").resize((48, 48), Image.Resampling.BOX) for im in (a, b)]
    return float(ImageStat.Stat(ImageChops.difference(*small)).mean[0])


def test_every_real_photo_ends_ready_the_right_way_up(
    stack: Stack, samples: Path, report: dict[str, list[float]]
) -> None:
    paths = sorted((samples / "photos").glob("*.jpg"))
    assert len(paths) == 8
    results = process_all(stack, paths, report)
    for name, item in results.items():
        assert item["status"] == "READY", (name, item["error"])
        width, height = item["metadata"]["width"], item["metadata"]["height"]
        assert (height > width) == (name in PORTRAIT_PHOTOS), name
        image = largest(item)
        assert (image.height > image.width) == (name in PORTRAIT_PHOTOS), name
        assert image.width <= 1920
        for variant in item["variants"]:
            content = httpx.get(variant["url"]).content
            assert b"GPS" not in content[:4096], f"{name} {variant['name']} leaks GPS"
            assert not Image.open(io.BytesIO(content)).getexif(), f"{name} keeps EXIF"


def test_every_exif_orientation_sample_looks_like_its_reference(
    stack: Stack, samples: Path, report: dict[str, list[float]]
) -> None:
    paths = sorted((samples / "orientation").glob("*.jpg"))
    assert len(paths) == 18
    results = process_all(stack, paths, report)
    for shape in ("Landscape", "Portrait"):
        reference = largest(results[f"{shape}_1.jpg"])
        assert (reference.width > reference.height) == (shape == "Landscape")
        upside_down = reference.transpose(Image.Transpose.ROTATE_180)
        assert difference(reference, upside_down) > 25  # the check can tell orientations apart
        for n in range(9):
            item = results[f"{shape}_{n}.jpg"]
            assert item["status"] == "READY"
            image = largest(item)
            assert image.size == reference.size, f"{shape}_{n}"
            assert difference(image, reference) < 8, f"{shape}_{n} is not upright"
