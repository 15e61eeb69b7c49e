"""Metadata and frames counted from the block structure, on real files Pillow wrote, before Pillow
parses them."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from processors.imaging.structure import check_structure
from tests import media_factory as m
from tests.hostile_corpus import tiff_of_pages

FEW = Limits(max_metadata_segments=20, max_metadata_bytes=10_000, max_frames=5)


def refused(data: bytes, content_type: str, limits: Limits = FEW) -> ErrorCode | None:
    try:
        check_structure(data, content_type, limits)
    except InputRejected as rejected:
        return rejected.code
    return None


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def before_first_idat(png: bytes, extra: bytes) -> bytes:
    at = png.index(b"IDAT") - 4
    return png[:at] + extra + png[at:]


def jpeg_with(segments: bytes, *, progressive: bool = False) -> bytes:
    data = m.encode(m.picture(64, 48), "JPEG", progressive=progressive)
    return data[:2] + segments + data[2:]


def com(text: bytes) -> bytes:
    return b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text


def test_ordinary_files_pass_with_the_default_limits() -> None:
    # GIVEN files as cameras and tools write them: EXIF, an ICC profile, comments, animations
    files = [
        (m.jpeg(gps=True), "image/jpeg"),
        (m.encode(m.picture(), "JPEG", icc_profile=m.srgb_profile(), comment=b"hello"), "image/jpeg"),
        (m.encode(m.picture(), "JPEG", progressive=True), "image/jpeg"),
        (m.encode(m.picture(), "PNG", icc_profile=m.srgb_profile()), "image/png"),
        (m.animated("PNG", frames=6), "image/png"),
        (m.animated("GIF", frames=6, loop=0), "image/gif"),
    ]
    for data, content_type in files:
        # THEN none is refused
        assert refused(data, content_type, Limits()) is None, content_type


def test_jpeg_segments_before_the_first_scan_are_counted() -> None:
    # GIVEN JPEGs with 10 and with 30 comments (besides their own APP0, DQT, SOF and DHT segments)
    # THEN only the one over the limit of 20 is refused, before Pillow reads a segment
    assert refused(jpeg_with(com(b"x") * 10), "image/jpeg") is None
    assert refused(jpeg_with(com(b"x") * 30), "image/jpeg") is ErrorCode.TOO_MUCH_METADATA


def test_jpeg_metadata_bytes_are_counted() -> None:
    assert refused(jpeg_with(com(b"x" * 4000) * 3), "image/jpeg") is ErrorCode.TOO_MUCH_METADATA
    assert refused(jpeg_with(com(b"x" * 4000) * 2), "image/jpeg") is None


@pytest.mark.parametrize("padding", [b"\xff" * 100, b"\x00" * 100])
def test_padding_between_jpeg_segments_counts_a_step_per_byte(padding: bytes) -> None:
    # Pillow steps over fill bytes and junk one byte at a time, as it steps over a segment.
    data = jpeg_with(com(b"x") + padding)
    assert refused(data, "image/jpeg") is ErrorCode.TOO_MUCH_METADATA
    assert refused(data, "image/jpeg", Limits()) is None
    with Image.open(io.BytesIO(data), formats=["JPEG"]) as image:
        image.load()  # and Pillow does read such a file


def test_junk_up_to_the_end_of_a_jpeg_is_counted_too() -> None:
    # Pillow walks it byte by byte before it finds no frame header (and calls the file CORRUPT)
    assert refused(b"\xff\xd8" + com(b"x") + b"\x00" * 100, "image/jpeg") is ErrorCode.TOO_MUCH_METADATA


def test_markers_after_the_first_scan_are_libjpegs_and_not_counted() -> None:
    # GIVEN a progressive JPEG with many comments between its scans
    data = m.encode(m.picture(64, 48), "JPEG", progressive=True)
    second_scan = data.index(b"\xff\xda", data.index(b"\xff\xda") + 2)
    data = data[:second_scan] + com(b"x") * 1000 + data[second_scan:]
    # THEN they are not metadata Pillow parses: the file passes
    assert refused(data, "image/jpeg") is None


def test_png_chunks_besides_image_data_are_counted() -> None:
    png = m.encode(m.picture(), "PNG")
    texts = b"".join(chunk(b"tEXt", b"k%d\x00v" % n) for n in range(25))
    private = chunk(b"prVt", b"") * 25  # Pillow keeps unknown chunks in `private_chunks`
    assert refused(before_first_idat(png, texts), "image/png") is ErrorCode.TOO_MUCH_METADATA
    assert refused(before_first_idat(png, private), "image/png") is ErrorCode.TOO_MUCH_METADATA
    big = chunk(b"tEXt", b"k\x00" + b"v" * 20_000)
    assert refused(before_first_idat(png, big), "image/png") is ErrorCode.TOO_MUCH_METADATA


def test_text_after_the_image_data_is_counted_too() -> None:
    png = m.encode(m.picture(), "PNG")
    end = png.rindex(b"IEND") - 4
    data = png[:end] + chunk(b"tEXt", b"k\x00v") * 25 + png[end:]
    assert refused(data, "image/png") is ErrorCode.TOO_MUCH_METADATA


def test_many_idat_chunks_are_image_data_not_metadata() -> None:
    # GIVEN a PNG whose pixels are split into 1000 IDAT chunks, as streaming encoders write them
    png = m.encode(m.picture(), "PNG")
    start = png.index(b"IDAT") - 4
    length = int.from_bytes(png[start : start + 4], "big")
    stream = png[start + 8 : start + 8 + length]
    step = max(1, len(stream) // 1000)
    pieces = [stream[i : i + step] for i in range(0, len(stream), step)]
    data = png[:start] + b"".join(chunk(b"IDAT", p) for p in pieces) + png[start + 12 + length :]
    # THEN it passes even a tight metadata limit, and Pillow reads it
    assert len(pieces) >= 1000
    assert refused(data, "image/png") is None
    with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
        image.load()


def test_apng_frame_control_chunks_count_as_frames() -> None:
    assert refused(m.animated("PNG", frames=5), "image/png") is None
    assert refused(m.animated("PNG", frames=6), "image/png") is ErrorCode.TOO_MANY_FRAMES


def test_gif_comment_sub_blocks_are_counted() -> None:
    gif = m.encode(m.picture(16, 16).convert("P"), "GIF")
    image = gif.index(b"\x2c", 13)
    one_comment_many_blocks = b"\x21\xfe" + b"\x01c" * 25 + b"\x00"
    data = gif[:image] + one_comment_many_blocks + gif[image:]
    assert refused(data, "image/gif") is ErrorCode.TOO_MUCH_METADATA
    with Image.open(io.BytesIO(data), formats=["GIF"]) as opened:
        assert opened.info["comment"] == b"c" * 25  # what Pillow would have kept


def test_gif_frames_are_counted_from_the_image_descriptors() -> None:
    assert refused(m.animated("GIF", frames=5), "image/gif") is None
    assert refused(m.animated("GIF", frames=6), "image/gif") is ErrorCode.TOO_MANY_FRAMES


def test_image_data_sub_blocks_are_not_counted() -> None:
    # GIVEN a GIF whose one frame has hundreds of data sub-blocks
    noisy = Image.frombytes("L", (200, 200), bytes(range(256)) * 156 + bytes(64)).convert("P")
    data = m.encode(noisy, "GIF")
    assert data.count(b"\xff") > 20  # full 255-byte sub-blocks
    assert refused(data, "image/gif") is None


def test_tiff_pages_count_as_frames_and_their_tags_as_metadata() -> None:
    # GIVEN TIFFs Pillow would parse page by page to count them (8 tags a page, and more)
    limits = Limits(max_frames=5, max_metadata_segments=100)
    assert refused(tiff_of_pages(5), "image/tiff", limits) is None
    assert refused(tiff_of_pages(6), "image/tiff", limits) is ErrorCode.TOO_MANY_FRAMES
    assert refused(tiff_of_pages(1, extra_tags=100), "image/tiff", limits) is ErrorCode.TOO_MUCH_METADATA
    with Image.open(io.BytesIO(tiff_of_pages(6))) as image:
        assert getattr(image, "n_frames", 1) == 6  # what Pillow makes of them


def test_a_tiff_directory_loop_ends_the_walk_as_it_ends_pillows() -> None:
    data = bytearray(tiff_of_pages(1))
    data[-6:-2] = (8).to_bytes(4, "little")  # the last directory's "next" points at the first
    assert refused(bytes(data), "image/tiff") is None
    with Image.open(io.BytesIO(bytes(data))) as image:
        assert getattr(image, "n_frames", 1) == 1


def test_a_multi_page_tiff_from_pillow_passes() -> None:
    pages = [m.picture(40, 30), m.picture(40, 30), m.picture(40, 30)]
    data = m.encode(pages[0], "TIFF", save_all=True, append_images=pages[1:])
    assert refused(data, "image/tiff", Limits()) is None
    assert refused(data, "image/tiff", Limits(max_frames=2)) is ErrorCode.TOO_MANY_FRAMES


def test_a_broken_structure_is_left_for_pillow_to_refuse() -> None:
    # Truncated in the middle of a block: the walk stops, and decoding says CORRUPT later.
    for data, content_type in [
        (jpeg_with(com(b"x"))[:30], "image/jpeg"),
        (m.encode(m.picture(), "PNG")[:40], "image/png"),
        (m.encode(m.picture().convert("P"), "GIF")[:800], "image/gif"),
        (b"GIF89a", "image/gif"),
        (tiff_of_pages(2)[:60], "image/tiff"),
    ]:
        assert refused(data, content_type) is None


def test_formats_parsed_in_c_are_not_walked() -> None:
    data = m.encode(m.picture(), "WEBP")
    assert refused(data, "image/webp", Limits(max_metadata_segments=1, max_metadata_bytes=1)) is None
