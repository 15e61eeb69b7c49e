from __future__ import annotations

import io
import wave

import pytest
from PIL import Image

from processors.sniff import HEAD_BYTES, sniff
from tests.media_factory import encode, picture


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("JPEG", "image/jpeg"),
        ("PNG", "image/png"),
        ("GIF", "image/gif"),
        ("WEBP", "image/webp"),
        ("TIFF", "image/tiff"),
        ("BMP", "image/bmp"),
        ("AVIF", "image/avif"),
    ],
)
def test_images_made_by_pillow(fmt: str, expected: str) -> None:
    assert sniff(encode(picture(32, 24), fmt)[:HEAD_BYTES]) == expected


def test_wav() -> None:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * 100)
    assert sniff(buffer.getvalue()[:HEAD_BYTES]) == "audio/wav"


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (_ftyp(b"heic", b"mif1", b"heic"), "image/heic"),
        (_ftyp(b"mif1", b"avif", b"miaf"), "image/avif"),  # the specific brand wins over the generic one
        (_ftyp(b"mif1", b"mif1"), "image/heif"),
        (_ftyp(b"isom", b"isom", b"avc1"), "video/mp4"),
        (_ftyp(b"qt  ", b"qt  "), "video/quicktime"),
        (_ftyp(b"M4A ", b"M4A ", b"mp42"), "audio/mp4"),
        (b"\x1a\x45\xdf\xa3" + b"\x00" * 20, "video/webm"),
        (b"ID3\x04\x00" + b"\x00" * 20, "audio/mpeg"),
        (b"\xff\xfb\x90\x00" + b"\x00" * 20, "audio/mpeg"),
        (b"\xff\xf1\x50\x80" + b"\x00" * 20, "audio/aac"),
        (b"fLaC\x00\x00\x00\x22", "audio/flac"),
        (b"OggS\x00\x02", "audio/ogg"),
    ],
)
def test_containers_and_audio(head: bytes, expected: str) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"PK\x03\x04\x14\x00", "application/zip"),
        (b"MZ\x90\x00\x03", "application/x-msdownload"),
        (b"\x7fELF\x02\x01", "application/x-executable"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>', "text/html"),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", "text/html"),
        (b"<?xml version='1.0'?><svg/>", "text/html"),
    ],
)
def test_hostile_formats_are_named(head: bytes, expected: str) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    "head", [b"", b"hello world", b"BM" + b"\x00" * 30, b"GIF8", b"\x00" * 64, b"\x89PNX"]
)
def test_unknown_bytes(head: bytes) -> None:
    assert sniff(head) is None


def test_bmp_needs_a_known_header_size() -> None:
    real = encode(Image.new("RGB", (4, 4)), "BMP")
    assert sniff(real[:HEAD_BYTES]) == "image/bmp"
    assert sniff(b"BM" + real[2:14] + b"\x07" + real[15:HEAD_BYTES]) is None
