"""What a file really is, from its first bytes. The declared content type is never trusted.

Returns a content type for everything we can name, including formats we refuse (so the error can
say "this is a PDF", not just "unknown"), or None when the bytes match nothing we know.
"""

from __future__ import annotations

# How many leading bytes `sniff` needs.
HEAD_BYTES = 64

_ISO_BMFF_BRANDS: dict[bytes, str] = {
    b"avif": "image/avif",
    b"avis": "image/avif",
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"heim": "image/heic",
    b"heis": "image/heic",
    b"hevc": "image/heic",
    b"hevx": "image/heic",
    b"mif1": "image/heif",
    b"msf1": "image/heif",
    b"qt  ": "video/quicktime",
    b"M4A ": "audio/mp4",
    b"M4B ": "audio/mp4",
    b"F4A ": "audio/mp4",
}

_SIMPLE: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"fLaC", "audio/flac"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    # Recognised so they can be named in the error, never accepted.
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x7fELF", "application/x-executable"),
    (b"MZ", "application/x-msdownload"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!", "application/vnd.rar"),
)


def sniff(head: bytes) -> str | None:
    """The content type the bytes are, judged by magic numbers alone."""
    for magic, content_type in _SIMPLE:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and len(head) >= 12:
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _iso_bmff(head)
    if head[:2] == b"BM" and len(head) >= 18 and head[14] in (12, 40, 52, 56, 64, 108, 124):
        return "image/bmp"  # "BM" alone is too weak: the DIB header size must be a known one
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:  # an MPEG audio frame sync
        if head[1] & 0xF6 == 0xF0:
            return "audio/aac"  # ADTS: 12-bit sync and layer 00
        if head[1] & 0x06:
            return "audio/mpeg"  # layer I, II or III
    if _looks_like_markup(head):
        return "text/html"
    return None


def _iso_bmff(head: bytes) -> str:
    """ISO base media files (MP4, MOV, HEIF, AVIF, M4A): the major brand, then compatible brands."""
    box_size = int.from_bytes(head[:4], "big")
    brands = {head[8:12], *(head[i : i + 4] for i in range(16, min(box_size, len(head)), 4))}
    # The most specific brand wins: an AVIF may also claim the generic HEIF brand "mif1".
    for brand, content_type in _ISO_BMFF_BRANDS.items():
        if brand in brands:
            return content_type
    return "video/mp4"


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html", b"<script", b"<body"))
