"""An original's bytes, in memory or mapped from a file on disk, read without copying them.

The processor streams a video or a song from storage to the function's temporary storage and maps
the file (mmap): the media work then reads only the pages it touches (a poster frame, a few
seconds of preview, the audio it measures), and the kernel may drop them again, so the memory an
item takes does not grow with the file. Small originals (and every image: Pillow decodes a picture
whole anyway) stay plain bytes.
"""

from __future__ import annotations

import io
import mmap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

# What the media work reads: bytes, or a read-only map of a file. Both slice to bytes, have a
# length and expose a buffer, which is all the work needs.
Original = bytes | mmap.mmap


@contextmanager
def mapped(spool: BinaryIO, *, whole: bool = False) -> Iterator[Original]:
    """The file's bytes, mapped read-only for as long as the `with` lasts; read into memory instead
    when the work will need them `whole` (an image: mapping then copying would hold them twice), or
    when the file is empty (which cannot be mapped). Whatever reads a map must be done before it
    closes."""
    size = spool.seek(0, io.SEEK_END)
    if size == 0 or whole:
        spool.seek(0)
        yield spool.read()
        return
    with mmap.mmap(spool.fileno(), 0, access=mmap.ACCESS_READ) as data:
        yield data


def reader(data: Original) -> BinaryIO:
    """A seekable binary stream over `data`, sharing its buffer: BytesIO shares a bytes object's
    buffer until written to, but copies any other buffer, a map of a whole file included. Close it
    before the map is closed."""
    if isinstance(data, bytes):
        return io.BytesIO(data)
    return io.BufferedReader(_BufferStream(memoryview(data)))


def in_memory(data: Original) -> bytes:
    """The bytes themselves, for work that needs them all (an image's decoder reads them whole)."""
    return data if isinstance(data, bytes) else data[:]


class _BufferStream(io.RawIOBase):
    """A read-only, seekable raw stream over a buffer: each read copies only what it returns."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self._view[self._position : self._position + len(buffer)]
        size = len(chunk)
        memoryview(buffer)[:size] = chunk
        self._position += size
        return size

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        # The view pins the map: released here, the map can close once its `with` ends.
        if not self.closed:
            self._view.release()
        super().close()
