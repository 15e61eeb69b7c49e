from __future__ import annotations

import pytest

from app.domain.errors import ErrorCode, InputRejected
from processors.imaging.plugins import PIL_FORMATS, plugin_for


def test_every_image_type_has_exactly_one_plugin() -> None:
    assert {plugin_for(t) for t in PIL_FORMATS} == {
        "JPEG",
        "PNG",
        "WEBP",
        "GIF",
        "TIFF",
        "BMP",
        "AVIF",
        "HEIF",
    }


def test_heif_is_registered_on_first_use() -> None:
    from PIL import Image

    plugin_for("image/heic")
    assert "HEIF" in Image.OPEN


def test_other_types_are_unsupported() -> None:
    with pytest.raises(InputRejected) as raised:
        plugin_for("image/svg+xml")
    assert raised.value.code is ErrorCode.UNSUPPORTED_TYPE
