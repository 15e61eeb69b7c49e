"""Bounds on what one item may cost. Checked before work starts, never by changing library globals."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.models import MediaKind

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_image_bytes: int = 50 * MIB
    max_video_bytes: int = 500 * MIB
    max_audio_bytes: int = 100 * MIB
    max_pixels: int = 50_000_000
    # Memory follows the rows as well as the pixels: Pillow keeps a pointer per row (8 bytes) in every
    # copy of a picture, so a 1 x 49,000,000 PNG (under max_pixels) costs 392 MB per copy before a
    # single pixel. Each side is bounded (which bounds that overhead at 256 KiB a copy) and so is the
    # long side over the short one, for pictures whose outputs would be slivers. A 1080 x 20000
    # screenshot (18.5:1) and a 30000 x 5000 panorama (6:1) have the shape; the panorama's 150 MP
    # still need a larger max_pixels.
    max_side: int = 32_768
    max_aspect_ratio: float = 100.0
    # What Pillow parses in Python and keeps, block by block, besides the pixels: a JPEG's segments
    # before its first scan, every PNG chunk but the image data, GIF extension blocks, TIFF tags.
    # Millions of empty ones cost hundreds of MB; a camera JPEG has about ten segments, an ICC
    # profile split in APP2 segments at most 255, a TIFF page some twenty tags.
    max_metadata_segments: int = 10_000
    max_metadata_bytes: int = 16 * MIB
    max_frames: int = 1000
    # Frames x canvas pixels an animation may decode in all (1000 frames of half a megapixel).
    max_animation_pixels: int = 500_000_000
    max_duration_s: float = 600.0
    # Wall-clock seconds of media work per item; keep it below the lease and the Lambda timeout.
    max_processing_s: float = 45.0

    def max_bytes(self, kind: MediaKind) -> int:
        return {
            MediaKind.IMAGE: self.max_image_bytes,
            MediaKind.VIDEO: self.max_video_bytes,
            MediaKind.AUDIO: self.max_audio_bytes,
        }[kind]
