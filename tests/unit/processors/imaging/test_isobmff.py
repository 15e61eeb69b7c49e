from __future__ import annotations

import struct

from processors.imaging.isobmff import image_extents, largest_extent


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def ispe(width: int, height: int) -> bytes:
    return box(b"ispe", b"\0\0\0\0" + struct.pack(">II", width, height))


def heif(*extents: tuple[int, int]) -> bytes:
    properties = box(b"ipco", b"".join(ispe(w, h) for w, h in extents))
    meta = box(b"meta", b"\0\0\0\0" + box(b"iprp", properties))
    return box(b"ftyp", b"heic\0\0\0\0mif1heic") + meta + box(b"mdat", b"\0" * 16)


def test_every_declared_extent_is_found_and_the_largest_wins() -> None:
    data = heif((512, 512), (17000, 17000))

    assert image_extents(data) == [(512, 512), (17000, 17000)]
    assert largest_extent(data) == (17000, 17000)


def test_truncated_or_foreign_bytes_yield_nothing() -> None:
    assert largest_extent(heif((100, 100))[:30]) is None
    assert largest_extent(b"\xff\xd8\xff\xe0 not a box at all") is None
    assert largest_extent(b"") is None


def test_a_box_claiming_more_than_the_file_stops_the_walk() -> None:
    bogus = struct.pack(">I", 1 << 30) + b"meta" + b"\0" * 20
    assert image_extents(bogus) == []
