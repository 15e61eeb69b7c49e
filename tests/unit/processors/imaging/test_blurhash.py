from __future__ import annotations

import blurhash as reference
import pytest
from PIL import Image

from processors.imaging.blurhash import SAMPLE_SIZE, blurhash, components_for
from tests import media_factory as m


@pytest.mark.parametrize("size", [(400, 300), (300, 400), (200, 200), (640, 90)])
def test_matches_an_independent_implementation(size: tuple[int, int]) -> None:
    image = m.picture(*size)
    small = image.copy()
    small.thumbnail((SAMPLE_SIZE, SAMPLE_SIZE), Image.Resampling.BOX)
    rows = [[list(small.getpixel((x, y))) for x in range(small.width)] for y in range(small.height)]  # type: ignore[arg-type]

    assert blurhash(image) == reference.encode(rows, *components_for(small.size))


def test_decodes_back_to_the_picture_layout() -> None:
    decoded = reference.decode(blurhash(m.picture(400, 300)), 4, 3)
    top_left, bottom_right = decoded[0][0], decoded[2][3]
    assert top_left[0] > top_left[2]  # red corner
    assert min(bottom_right) > 150  # white corner


def test_components_follow_the_aspect_ratio() -> None:
    assert components_for((400, 300)) == (4, 3)
    assert components_for((300, 400)) == (3, 4)
    assert components_for((1000, 10)) == (4, 1)


def test_transparency_is_shown_over_white() -> None:
    clear = blurhash(Image.new("RGBA", (40, 40), (0, 0, 0, 0)))
    assert clear == blurhash(Image.new("RGB", (40, 40), (255, 255, 255)))
