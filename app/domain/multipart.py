"""Multipart uploads: how a big file is cut into parts, and what a finished upload must add up to.

Pure rules, used by the service (which hands out part URLs and completes uploads) and by clients
(the CLI and the UI cut files the same way). S3's own bounds: at most 10,000 parts, each at least
5 MiB but the last, at most 5 GiB, and an object of at most 5 TiB.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024
# Above this a client should upload in parts: a dropped connection then costs a part, not the file.
MULTIPART_THRESHOLD = 16 * MIB
MIN_PART_SIZE = 5 * MIB  # S3's: every part but the last
MAX_PARTS = 10_000
# Small enough that a part on a slow phone connection finishes in a minute or two, large enough that
# a few GiB take a few hundred requests; doubled until the file fits in MAX_PARTS.
BASE_PART_SIZE = 8 * MIB
# Presigned part URLs handed out at once (createMultipartUpload's first ones, or one uploadPartUrls):
# enough for a client's parallel uploads to run ahead, few enough that unused ones expire unseen.
MAX_URLS_PER_REQUEST = 100
FIRST_URLS = 20


@dataclass(frozen=True, slots=True)
class Part:
    """A part as the client reports it at completion (`etag` as S3 returned it, quotes and all)."""

    number: int
    etag: str


@dataclass(frozen=True, slots=True)
class UploadedPart:
    """A part S3 holds for an unfinished upload."""

    number: int
    etag: str
    size: int


def part_size(size: int) -> int:
    """The part size for a file of `size` bytes: the same answer for the same size, always, so a
    client resuming an upload cuts the file exactly as it did the first time."""
    chosen = BASE_PART_SIZE
    while part_count(size, chosen) > MAX_PARTS:
        chosen *= 2
    return chosen


def part_count(size: int, chosen: int) -> int:
    return max(1, -(-size // chosen))


def invalid_part_numbers(numbers: list[int], count: int) -> str | None:
    """Why these part numbers cannot be asked for (None: they can)."""
    if not numbers:
        return "Ask for at least one part."
    if len(numbers) > MAX_URLS_PER_REQUEST:
        return f"Ask for at most {MAX_URLS_PER_REQUEST} parts at a time."
    outside = sorted({n for n in numbers if not 1 <= n <= count})
    if outside:
        return f"Part numbers run from 1 to {count} for this file; not {', '.join(map(str, outside[:5]))}."
    return None


def unmatched_parts(sent: list[Part], held: list[UploadedPart], count: int) -> str | None:
    """Why a completion naming `sent` cannot finish an upload of `count` parts of which S3 holds
    `held` (None: it can). Every part must be named once, in order of number, with the ETag S3 gave
    it: a part named but not held, or held with another ETag, was sent again or never arrived."""
    numbers = [part.number for part in sent]
    if numbers != list(range(1, count + 1)):
        missing = sorted(set(range(1, count + 1)) - set(numbers))
        if missing:
            listed = ", ".join(map(str, missing[:5])) + ("…" if len(missing) > 5 else "")
            return f"Parts missing: {listed} (of {count}). Upload them, then complete again."
        return f"Name each of the {count} parts once, in order of part number."
    etags = {part.number: part.etag.strip('"') for part in held}
    stale = [part.number for part in sent if etags.get(part.number) != part.etag.strip('"')]
    if stale:
        return f"Parts {', '.join(map(str, stale[:5]))} are not as uploaded (ETag differs, or not received)."
    return None


def held_bytes(held: list[UploadedPart]) -> int:
    return sum(part.size for part in held)
