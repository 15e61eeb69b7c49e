"""Hostile and misleading inputs, made on the spot: what an attacker or a broken client sends.

Each case is (name, bytes, declared content type, acceptable outcomes). The real-world corpus in
../shared/samples/bad is added by the tests that use it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from tests import media_factory as make


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    declared: str
    expected: frozenset[str]  # status or error codes that count as handled


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(header: bytes, *chunks: bytes) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + b"".join(chunks) + _chunk(b"IEND", b"")


def _png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header that declares a huge canvas, with one tiny compressed row of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return _png(header, _chunk(b"IDAT", zlib.compress(b"\x00" * 64)))


def _tall_png(height: int = 49_000_000) -> bytes:
    """A complete, valid 1 x `height` 16-bit grey PNG: 143 KB of zlib for 147 MB of rows, under the
    50 MP limit, yet every copy Pillow makes of it needs a row pointer per pixel."""
    header = struct.pack(">IIBBBBB", 1, height, 16, 0, 0, 0, 0)
    rows, deflate, left = b"\x00\x00\x00" * 100_000, zlib.compressobj(9), height
    parts = []
    while left:
        parts.append(deflate.compress(rows[: 3 * min(left, 100_000)]))
        left -= min(left, 100_000)
    return _png(header, _chunk(b"IDAT", b"".join(parts) + deflate.flush()))


def _small(fmt: str) -> bytes:
    return make.encode(Image.new("L" if fmt != "GIF" else "P", (8, 8)), fmt)


def _text_flood(chunks: int = 2_500_000) -> bytes:
    """A small PNG with millions of tiny tEXt chunks, each a new key (48 MB)."""
    data = _small("PNG")
    first_data = data.index(b"IDAT") - 4
    texts = b"".join(_chunk(b"tEXt", b"%d\x00" % n) for n in range(chunks))
    return data[:first_data] + texts + data[first_data:]


def _comment_flood(segments: int = 9_000_000) -> bytes:
    """A small JPEG with millions of empty COM segments after SOI (36 MB)."""
    data = _small("JPEG")
    return data[:2] + b"\xff\xfe\x00\x02" * segments + data[2:]


def _fill_flood(size: int = 40_000_000) -> bytes:
    """A small JPEG padded with 40 MB of 0xFF fill bytes, which Pillow steps over one by one."""
    data = _small("JPEG")
    return data[:2] + b"\xff" * size + data[2:]


def _gif_comment_flood(blocks: int = 4_000_000) -> bytes:
    """A small GIF with millions of one-byte comment extensions (20 MB) before its image."""
    data = _small("GIF")
    image = data.index(b"\x2c", 13)  # the image descriptor, after the header and colour table
    return data[:image] + b"\x21\xfe\x01c\x00" * blocks + data[image:]


def _idat_flood(chunks: int = 4_000_000) -> bytes:
    """A small PNG whose image data follows millions of empty IDAT chunks (48 MB): image data is
    not metadata, so it is decoded; this shows what that costs."""
    data = _small("PNG")
    first_data = data.index(b"IDAT") - 4
    return data[:first_data] + _chunk(b"IDAT", b"") * chunks + data[first_data:]


def tiff_of_pages(pages: int, extra_tags: int = 0) -> bytes:
    """A little-endian TIFF of `pages` one-pixel grey pages, each directory with `extra_tags`
    private tags besides the eight a page needs."""
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    tags = 8 + extra_tags
    for page in range(pages):
        pixel = len(out) + 2 + 12 * tags + 4
        entries = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1)]
        entries += [(273, 4, 1, pixel), (278, 3, 1, 1), (279, 4, 1, 1)]
        entries += [(52_000 + n, 3, 1, 7) for n in range(extra_tags)]
        out += struct.pack("<H", tags) + b"".join(struct.pack("<HHII", *entry) for entry in entries)
        out += struct.pack("<I", pixel + 2 if page < pages - 1 else 0) + b"\x80\x00"
    return bytes(out)


def _screenshot() -> bytes:
    """A 1080 x 20000 phone screenshot (21.6 MP): taller than WebP can write."""
    return make.encode(make.picture(1080, 20_000), "PNG")


def _panorama() -> bytes:
    """A 30000 x 1600 panorama (48 MP): wider than WebP can write, within the pixel budget."""
    return make.encode(make.picture(30_000, 1_600), "JPEG", quality=80)


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is rewritten to claim width x height."""
    data = bytearray(make.encode(Image.new("L", (8, 8)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _frame_bomb() -> bytes:
    frames = [Image.new("L", (4, 4), (n * 37) % 256) for n in range(2000)]  # no two neighbours alike
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=10, loop=0)
    return buffer.getvalue()


def _zip_named_jpeg() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ" + b"\x00" * 1000)
    return buffer.getvalue()


def _gifar() -> bytes:
    """A valid GIF with a ZIP appended: the classic image/archive polyglot."""
    return make.encode(make.picture(64, 48).convert("P"), "GIF") + _zip_named_jpeg()


def _zip_bomb_png() -> bytes:
    """A 1x1 PNG carrying a zTXt chunk that inflates to 100 MB."""
    image = Image.new("L", (1, 1))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    data = buffer.getvalue()
    payload = b"Comment\x00\x00" + zlib.compress(b"A" * 100_000_000, 9)
    chunk = (
        struct.pack(">I", len(payload)) + b"zTXt" + payload + struct.pack(">I", zlib.crc32(b"zTXt" + payload))
    )
    end = data.rindex(b"IEND") - 4
    return data[:end] + chunk + data[end:]


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>fetch("/graphql")</script></svg>'
)
HTML_PAGE = (
    b"<!DOCTYPE html><html><body><script>document.location='https://evil.example'</script></body></html>"
)
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF"

CASES: tuple[Case, ...] = (
    Case(
        "png declaring 100000x100000",
        lambda: _png_declaring(100_000, 100_000),
        "image/png",
        frozenset({"TOO_MANY_PIXELS"}),
    ),
    Case(
        "png declaring 10000x6000 (60 MP)",
        lambda: _png_declaring(10_000, 6_000),
        "image/png",
        frozenset({"TOO_MANY_PIXELS"}),
    ),
    Case(
        "jpeg declaring 65000x65000",
        lambda: _jpeg_declaring(65_000, 65_000),
        "image/jpeg",
        frozenset({"TOO_MANY_PIXELS"}),
    ),
    Case("gif with 2000 frames", _frame_bomb, "image/gif", frozenset({"TOO_MANY_FRAMES"})),
    Case("png with a 100 MB zTXt bomb", _zip_bomb_png, "image/png", frozenset({"CORRUPT", "READY"})),
    Case("zip declared as jpeg", _zip_named_jpeg, "image/jpeg", frozenset({"TYPE_MISMATCH"})),
    Case("html declared as png", lambda: HTML_PAGE, "image/png", frozenset({"TYPE_MISMATCH"})),
    Case(
        "svg with script declared as png", lambda: SVG_WITH_SCRIPT, "image/png", frozenset({"TYPE_MISMATCH"})
    ),
    Case("elf executable declared as jpeg", lambda: ELF, "image/jpeg", frozenset({"TYPE_MISMATCH"})),
    Case("windows executable declared as webp", lambda: PE, "image/webp", frozenset({"TYPE_MISMATCH"})),
    Case("pdf declared as jpeg", lambda: PDF, "image/jpeg", frozenset({"TYPE_MISMATCH"})),
    Case(
        "truncated jpeg",
        lambda: make.encode(make.picture(400, 300), "JPEG")[:900],
        "image/jpeg",
        frozenset({"CORRUPT"}),
    ),
    Case("zero bytes", lambda: b"", "image/jpeg", frozenset({"EMPTY"})),
    Case(
        "video declared as image", lambda: make.video(seconds=0.4), "image/jpeg", frozenset({"TYPE_MISMATCH"})
    ),
    Case(
        "jpeg declared as audio",
        lambda: make.encode(make.picture(64, 64), "JPEG"),
        "audio/mpeg",
        frozenset({"TYPE_MISMATCH"}),
    ),
    Case("gif+zip polyglot", _gifar, "image/gif", frozenset({"READY"})),
    Case(
        "png of 1 x 49,000,000 (16-bit grey)",
        _tall_png,
        "image/png",
        frozenset({"UNSUPPORTED_DIMENSIONS"}),
    ),
    Case("jpeg with 9 million COM segments", _comment_flood, "image/jpeg", frozenset({"TOO_MUCH_METADATA"})),
    Case("jpeg with 40 MB of fill bytes", _fill_flood, "image/jpeg", frozenset({"TOO_MUCH_METADATA"})),
    Case("png with 2.5 million tEXt chunks", _text_flood, "image/png", frozenset({"TOO_MUCH_METADATA"})),
    Case(
        "gif with 4 million comment blocks", _gif_comment_flood, "image/gif", frozenset({"TOO_MUCH_METADATA"})
    ),
    Case(
        "tiff of 100,000 one-pixel pages",
        lambda: tiff_of_pages(100_000),
        "image/tiff",
        frozenset({"TOO_MANY_FRAMES"}),
    ),
    Case("png with 4 million empty IDAT chunks", _idat_flood, "image/png", frozenset({"READY"})),
    Case("1080 x 20000 screenshot (png)", _screenshot, "image/png", frozenset({"READY"})),
    Case("30000 x 1600 panorama (jpeg)", _panorama, "image/jpeg", frozenset({"READY"})),
)
