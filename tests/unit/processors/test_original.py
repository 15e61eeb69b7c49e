"""Originals mapped from disk read as bytes do, without being copied whole."""

from __future__ import annotations

import io
import tempfile

import pytest

from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import BUILTIN_PRESETS
from processors.media import process_media
from processors.original import mapped, reader
from tests import media_factory


def test_a_reader_over_a_map_reads_and_seeks_as_over_bytes() -> None:
    data = bytes(range(256)) * 4096
    with tempfile.TemporaryFile() as spool:
        spool.write(data)
        with mapped(spool) as original:
            assert len(original) == len(data)
            assert original[:16] == data[:16]  # a slice is bytes, for the sniffing
            stream = reader(original)
            assert stream.read(10) == data[:10]
            stream.seek(-5, io.SEEK_END)
            assert stream.read() == data[-5:]
            stream.seek(1000)
            assert stream.tell() == 1000
            assert stream.read(3) == data[1000:1003]
            stream.close()  # the map closes with its `with`: nothing may still read it


def test_an_empty_file_is_empty_bytes() -> None:
    with tempfile.TemporaryFile() as spool, mapped(spool) as original:
        assert original == b""


@pytest.mark.parametrize(
    ("make", "content_type"),
    [
        (lambda: media_factory.video(seconds=2.0, size=(320, 240), audio=True), "video/mp4"),
        (lambda: media_factory.audio("aac", "mp4", seconds=2.0), "audio/mp4"),
        (lambda: media_factory.jpeg(640, 480), "image/jpeg"),
    ],
    ids=["video", "audio", "image"],
)
def test_each_kind_renders_the_same_from_a_map_as_from_bytes(make: object, content_type: str) -> None:
    data = make()  # type: ignore[operator]
    preset, limits = BUILTIN_PRESETS[0], Limits()
    from_bytes = process_media(data, content_type, preset, limits, StepTimes())
    with tempfile.TemporaryFile() as spool:
        spool.write(data)
        with mapped(spool) as original:
            from_map = process_media(original, content_type, preset, limits, StepTimes())
    assert [(r.name, r.format, r.width, r.height) for r in from_map.renditions] == [
        (r.name, r.format, r.width, r.height) for r in from_bytes.renditions
    ]
    assert from_map.metadata == from_bytes.metadata
