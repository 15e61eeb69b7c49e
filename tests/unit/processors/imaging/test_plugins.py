from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from app.domain.errors import ErrorCode, InputRejected
from processors.imaging.plugins import PIL_FORMATS, PLUGIN_MODULES, plugin_for
from tests import media_factory as m


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


# Run in a fresh interpreter: this test session has long since imported every Pillow plugin.
PROBE = textwrap.dedent(
    """
    import sys
    from app.domain.limits import Limits
    from app.domain.presets import BUILTIN_PRESETS
    from processors.media import process_media

    process_media(sys.stdin.buffer.read(), sys.argv[1], BUILTIN_PRESETS[0], Limits())
    print(" ".join(sorted(name for name in sys.modules if name.endswith("ImagePlugin"))))
    """
)


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("TIFF", "image/tiff")]
)
def test_processing_loads_only_the_readers_and_writers_it_uses(fmt: str, content_type: str) -> None:
    # GIVEN a fresh process that renders one picture with the default preset (WebP and JPEG out)
    data = m.encode(m.picture(), fmt)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, content_type], input=data, capture_output=True, check=True
    )

    # THEN none of Pillow's other ~40 plugins (PDF, EPS, FITS, ...) was imported along the way
    loaded = set(run.stdout.decode().split())
    assert PLUGIN_MODULES[fmt] in loaded, run.stderr
    # Pillow's own preinit() always registers BMP, GIF, JPEG, PPM and PNG; a JPEG may be an MPO.
    allowed = set(PLUGIN_MODULES.values()) | {"PIL.PpmImagePlugin", "PIL.MpoImagePlugin"}
    assert loaded <= allowed, loaded - allowed


def test_every_image_type_but_heif_has_a_reader_module() -> None:
    assert {name for name in PIL_FORMATS.values() if name != "HEIF"} == set(PLUGIN_MODULES)
