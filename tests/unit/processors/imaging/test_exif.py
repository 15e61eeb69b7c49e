from __future__ import annotations

import pytest
from PIL import Image

from processors.imaging.exif import exif_facts
from tests import media_factory as m


def image_with(exif: Image.Exif) -> Image.Image:
    image = Image.new("RGB", (4, 4))
    image.getexif().update(exif)
    for ifd in (m.EXIF_IFD, m.GPS_IFD):
        image.getexif().get_ifd(ifd).update(exif.get_ifd(ifd))
    return image


def test_camera_time_and_location_flag_without_coordinates() -> None:
    facts = exif_facts(image_with(m.camera_exif()), keep_location=False)

    assert facts == {
        "cameraMake": "TestCam",
        "cameraModel": "Model 1",
        "capturedAt": "2024-05-06T07:08:09",
        "hasLocation": True,
    }


def test_coordinates_only_when_asked_with_south_and_west_negative() -> None:
    exif = m.camera_exif()
    exif.get_ifd(m.GPS_IFD).update({1: "S", 5: b"\x01", 6: 12.5})

    location = exif_facts(image_with(exif), keep_location=True)["location"]

    assert location == {
        "latitude": pytest.approx(-40.446111),
        "longitude": pytest.approx(-3.7),
        "altitude": -12.5,
    }


def test_a_gps_block_without_coordinates_is_no_location() -> None:
    exif = m.camera_exif(gps=False)
    exif.get_ifd(m.GPS_IFD).update({0: b"\x02\x02\x00\x00"})
    assert exif_facts(image_with(exif), keep_location=True)["hasLocation"] is False


@pytest.mark.parametrize("value", ["0000:00:00 00:00:00", "yesterday", "", 12])
def test_placeholder_or_garbage_dates_are_dropped(value: object) -> None:
    exif = m.camera_exif(gps=False)
    exif.get_ifd(m.EXIF_IFD)[0x9003] = value
    assert "capturedAt" not in exif_facts(image_with(exif), keep_location=False)


def test_text_is_cleaned_and_capped() -> None:
    exif = Image.Exif()
    exif[m.MAKE] = "Evil\x00Corp\x1b[31m" + "x" * 500
    facts = exif_facts(image_with(exif), keep_location=False)
    assert facts["cameraMake"].startswith("Evil Corp[31m")
    assert len(facts["cameraMake"]) == 80


def test_offset_time_is_appended() -> None:
    exif = m.camera_exif(gps=False)
    exif.get_ifd(m.EXIF_IFD)[0x9011] = "+02:00"
    assert exif_facts(image_with(exif), keep_location=False)["capturedAt"] == "2024-05-06T07:08:09+02:00"
