from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from processors.video.frames import rotation_of, to_picture, upright_size
from tests import media_factory as m


@dataclass
class FakeFrame:
    """What the code reads of an av.VideoFrame: size, FFmpeg's display rotation, and to_image."""

    image: Image.Image
    rotation: float

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def to_image(self, **size: Any) -> Image.Image:
        return self.image.resize((size["width"], size["height"])) if size else self.image


@pytest.mark.parametrize(
    ("rotation", "expected"), [(0, 0), (-90, 270), (90, 90), (180, 180), (-180, 180), (89.6, 90)]
)
def test_rotation_is_normalised(rotation: float, expected: int) -> None:
    assert rotation_of(FakeFrame(m.picture(), rotation)) == expected


def test_a_portrait_phone_clip_stored_landscape_comes_out_upright() -> None:
    # GIVEN the upright portrait picture stored turned 90 degrees, as an iPhone does (FFmpeg says -90)
    upright = m.picture(120, 200)
    frame = FakeFrame(upright.transpose(Image.Transpose.ROTATE_90), -90)

    assert upright_size(frame) == (120, 200)
    assert m.is_upright(to_picture(frame))
    scaled = to_picture(frame, (60, 100))
    assert scaled.size == (60, 100)
    assert m.is_upright(scaled)
