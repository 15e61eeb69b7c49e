"""The declared size of HEIF and AVIF images, read from the container before any codec runs.

libheif and libavif allocate the whole canvas before they decode; a 1 KB file can declare 17000x17000.
Every image item in a HEIF/AVIF file has an `ispe` (image spatial extents) property in
`meta/iprp/ipco`; the largest one is the canvas a decoder would allocate (a grid's own extents
cover all its tiles), so that is what the pixel budget is checked against.
"""

from __future__ import annotations

from collections.abc import Iterator

# Boxes that only contain other boxes, on the way from the top level to `ispe`.
_CONTAINERS = {b"meta": 4, b"iprp": 0, b"ipco": 0}  # name -> bytes of version/flags before children
_MAX_BOXES = 10_000


def _boxes(data: bytes, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of each box in data[start:end]; stops at the first bad one."""
    position, seen = start, 0
    while position + 8 <= end and seen < _MAX_BOXES:
        seen += 1
        size = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        header = 8
        if size == 1 and position + 16 <= end:
            size, header = int.from_bytes(data[position + 8 : position + 16], "big"), 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            return
        yield kind, position + header, position + size
        position += size


def image_extents(data: bytes) -> list[tuple[int, int]]:
    """Every (width, height) the file's `ispe` properties declare; empty when there are none."""
    found: list[tuple[int, int]] = []

    def walk(start: int, end: int, depth: int) -> None:
        for kind, payload, stop in _boxes(data, start, end):
            if kind == b"ispe" and stop - payload >= 12:
                width = int.from_bytes(data[payload + 4 : payload + 8], "big")
                height = int.from_bytes(data[payload + 8 : payload + 12], "big")
                found.append((width, height))
            elif kind in _CONTAINERS and depth < 4:
                walk(payload + _CONTAINERS[kind], stop, depth + 1)

    walk(0, len(data), 0)
    return found


def largest_extent(data: bytes) -> tuple[int, int] | None:
    extents = image_extents(data)
    return max(extents, key=lambda size: size[0] * size[1]) if extents else None
