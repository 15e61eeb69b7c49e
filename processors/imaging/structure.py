"""How much metadata a JPEG, PNG, GIF or TIFF carries, counted from its block structure before
Pillow parses it.

Pillow reads these formats' blocks in Python, one at a time, and keeps what it reads: a JPEG's
segments up to its first scan (COM and APPn data in `applist`), every PNG chunk (text in `info`,
unknown chunks in `private_chunks`), every GIF extension sub-block (comments), every TIFF
directory's entries (to count the pages). 9 million empty COM segments (36 MB) cost 792 MiB and
8 s that way, 2.5 million tEXt chunks 496 MB. The walks here read only lengths, never copy a block,
and stop at the first block over a limit, so a refusal costs the time of `max_metadata_segments`
steps. Pillow's own knobs (PngImagePlugin.MAX_TEXT_MEMORY) are process-wide and count only text,
so they are left alone.

Image data is not metadata: many IDAT chunks or GIF data sub-blocks are normal, and everything after
a JPEG's first scan is read by libjpeg in C, which skips markers without keeping them. Frames (PNG
`fcTL`, GIF image descriptors) and TIFF pages are counted against `max_frames` instead. Padding and
junk between JPEG segments or GIF blocks count a step per byte, because that is how Pillow steps
over them. A walk stops quietly where the structure breaks: Pillow then refuses the file as CORRUPT.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Generator, Iterator
from typing import Literal, NamedTuple

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import MIB, Limits


class Block(NamedTuple):
    steps: int  # how many of Pillow's parsing steps it takes
    size: int  # bytes in the file
    frame: bool = False


def _padding(size: int) -> Block:
    return Block(size, size)


# --- JPEG: JpegImagePlugin._open's marker loop, up to the first start of scan ---------------------

_FILL = re.compile(rb"\xff+")
# Markers Pillow reads no length for (its MARKER table's entries without a handler).
_WITHOUT_LENGTH = frozenset({0xC8, *range(0xD0, 0xDA), *range(0xF0, 0xFE)})
_FIRST_MARKER, _START_OF_SCAN = 0xC0, 0xDA


def _jpeg(data: bytes) -> Iterator[Block]:
    position, end = 2, len(data)  # after SOI; the sniffed "\xff\xd8\xff" ends on a marker's 0xFF
    while position < end:
        if data[position] != 0xFF:
            marker = data.find(b"\xff", position)
            if marker < 0:  # Pillow steps through to the end, then finds no frame
                yield _padding(end - position)
                return
            yield _padding(marker - position)
            position = marker
        fill = _FILL.match(data, position)
        assert fill is not None  # data[position] is 0xFF
        if fill.end() - position > 1:
            yield _padding(fill.end() - position - 1)
        position = fill.end() - 1
        if fill.end() >= end:
            return
        kind = data[position + 1]
        if kind == 0x00:  # an escaped 0xFF: Pillow steps over it
            yield Block(1, 2)
            position += 2
        elif kind < _FIRST_MARKER or kind == _START_OF_SCAN:
            return  # Pillow stops here: "no marker found", or the pixels begin
        elif kind in _WITHOUT_LENGTH:
            yield Block(1, 2)
            position += 2
        else:
            # Pillow reads length - 2 bytes, and none when the length is below 2.
            length = int.from_bytes(data[position + 2 : position + 4], "big")
            size = 2 + max(length, 2)
            if position + size > end:
                return
            yield Block(1, size)
            position += size


# --- PNG: every chunk up to IEND, as PngImageFile._open, load_end and seek read them ------------

_CHUNK = struct.Struct(">I4s")
_IMAGE_DATA = frozenset({b"IDAT", b"fdAT"})


def _png(data: bytes) -> Iterator[Block]:
    position, end = 8, len(data)
    while position + _CHUNK.size <= end:
        length, kind = _CHUNK.unpack_from(data, position)
        size = 12 + length  # length, type, data, CRC
        if kind == b"IEND" or position + size > end:
            return
        if kind == b"fcTL":
            yield Block(0, size, frame=True)
        elif kind not in _IMAGE_DATA:
            yield Block(1, size)
        position += size


# --- GIF: GifImageFile._seek's block loop, over every frame as n_frames does ------------------------

_NOT_A_BLOCK = re.compile(rb"[^!,;]+")
_EXTENSION, _IMAGE, _TRAILER = 0x21, 0x2C, 0x3B


def _colour_table(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _sub_blocks(data: bytes, position: int, *, metadata: bool) -> Generator[Block, None, int | None]:
    """Walk the data sub-blocks from `position`, a Block for each if they are `metadata`; return
    where their terminator ends, or None if the data runs out first."""
    end = len(data)
    while position < end:
        size = data[position]
        if size == 0:
            return position + 1
        position += 1 + size
        if position > end:
            return None
        if metadata:
            yield Block(1, 1 + size)
    return None


def _gif(data: bytes) -> Iterator[Block]:
    if len(data) < 13:
        return
    position: int | None = 13 + _colour_table(data[10])
    end = len(data)
    while position is not None and position < end:
        kind = data[position]
        if kind == _TRAILER:
            return
        if kind == _EXTENSION:
            # Pillow reads every sub-block in Python, and keeps a comment's sub-block by sub-block.
            position = yield from _sub_blocks(data, position + 2, metadata=True)
        elif kind == _IMAGE:
            if position + 11 > end:
                return
            yield Block(0, 10, frame=True)
            start = position + 11 + _colour_table(data[position + 9])
            position = yield from _sub_blocks(data, start, metadata=False)
        else:
            junk = _NOT_A_BLOCK.match(data, position)
            assert junk is not None  # data[position] is none of the three
            yield _padding(junk.end() - position)
            position = junk.end()


# --- TIFF: every image file directory, as counting the pages (n_frames) parses them --------------

_ENTRY = 12


def _tiff(data: bytes) -> Iterator[Block]:
    """Pillow parses every directory's entries in Python to count the pages, and checks for a loop
    against a list of the directories seen (100,000 one-pixel pages in 10 MB took 226 s)."""
    order: Literal["little", "big"] = "little" if data[:2] == b"II" else "big"
    position, seen, end = int.from_bytes(data[4:8], order), set(), len(data)
    while position and position not in seen and position + 2 <= end:
        seen.add(position)
        entries = int.from_bytes(data[position : position + 2], order)
        following = position + 2 + _ENTRY * entries
        if following + 4 > end:
            return
        yield Block(0, 0, frame=True)  # a page
        yield Block(entries, following + 4 - position)
        position = int.from_bytes(data[following : following + 4], order)


_WALKS: dict[str, Callable[[bytes], Iterator[Block]]] = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/gif": _gif,
    "image/tiff": _tiff,
}


def check_structure(data: bytes, content_type: str, limits: Limits) -> None:
    """Refuse a file with more metadata (segments, or bytes of them) or frames than the limits
    allow, before any of it is parsed; other formats (WebP, BMP, HEIF, AVIF) are parsed in C and
    are not walked."""
    walk = _WALKS.get(content_type)
    if walk is None:
        return
    steps = size = frames = 0
    for block in walk(data):
        if block.frame:
            frames += 1
            if frames > limits.max_frames:
                raise too_many_frames(None, limits.max_frames)
            continue
        steps += block.steps
        size += block.size
        if steps > limits.max_metadata_segments:
            raise InputRejected(
                f"The image has more than {limits.max_metadata_segments:,} metadata segments "
                f"(comments, text and other blocks besides the pixels); that is the limit.",
                ErrorCode.TOO_MUCH_METADATA,
            )
        if size > limits.max_metadata_bytes:
            raise InputRejected(
                f"The image has more than {limits.max_metadata_bytes / MIB:g} MiB of metadata "
                f"(comments, text and other blocks besides the pixels); that is the limit.",
                ErrorCode.TOO_MUCH_METADATA,
            )


def too_many_frames(frames: int | None, limit: int) -> InputRejected:
    """`frames` None: the structure was counted, and counting stopped at the first frame (or TIFF
    page) over the limit."""
    if frames is None:
        return InputRejected(
            f"The image has more than {limit:,} frames or pages; the limit is {limit:,}.",
            ErrorCode.TOO_MANY_FRAMES,
        )
    return InputRejected(
        f"The animation has {frames:,} frames; the limit is {limit:,}.", ErrorCode.TOO_MANY_FRAMES
    )
