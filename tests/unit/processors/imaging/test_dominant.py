from __future__ import annotations

from PIL import Image

from processors.imaging.dominant import dominant_color


def test_the_largest_cluster_wins_not_the_mean() -> None:
    image = Image.new("RGB", (100, 100), (128, 128, 128))
    image.paste((255, 0, 0), (0, 0, 30, 100))
    assert dominant_color(image) == "#808080"


def test_transparent_pixels_do_not_vote() -> None:
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 20, 20))
    assert dominant_color(image) == "#0000ff"
    assert dominant_color(Image.new("RGBA", (10, 10), (0, 0, 0, 0))) is None
