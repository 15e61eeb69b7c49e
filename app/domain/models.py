"""The media item and the values it is made of. Plain data: no I/O, no framework types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.domain.errors import ErrorCode

if TYPE_CHECKING:
    from app.domain.history import HistoryEntry


class MediaKind(StrEnum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"
    AUDIO = "AUDIO"


class MediaStatus(StrEnum):
    AWAITING_UPLOAD = "AWAITING_UPLOAD"
    PROCESSING = "PROCESSING"
    READY = "READY"
    REJECTED = "REJECTED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class ItemError:
    """Why an item ended REJECTED or FAILED."""

    code: ErrorCode
    message: str


class VariantRole(StrEnum):
    """What an output is for, so that no client guesses it from a name."""

    IMAGE = "IMAGE"  # an image's rendition, animated or still
    POSTER = "POSTER"  # a video's poster frame
    PREVIEW = "PREVIEW"  # a video's few silent seconds, animated
    VIDEO = "VIDEO"  # a video to download or play as one file (H.264/AAC MP4, index first)
    AUDIO = "AUDIO"  # a song to download or play (AAC in M4A, Opus)
    STREAM = "STREAM"  # an adaptive stream: the HLS master playlist (its other files are not listed)
    WAVEFORM = "WAVEFORM"  # a song's levels, drawn
    PEAKS = "PEAKS"  # a song's levels as numbers (audiowaveform JSON), for a player to draw


@dataclass(frozen=True, slots=True)
class Variant:
    """One processed output, stored at `key` in the processed bucket."""

    name: str
    format: str
    width: int
    height: int
    bytes: int
    key: str
    content_type: str
    # What it is for, so no client guesses from `name` (names carry the preset's widths).
    role: VariantRole = VariantRole.IMAGE
    animated: bool = False  # an animated image (an animated GIF's WebP; a video's preview)
    # For what plays (VIDEO, AUDIO, STREAM): its length, its bits per second (a stream's highest
    # rung) and its codecs as RFC 6381 names them (`avc1.64001f,mp4a.40.2`), as players ask.
    duration_s: float | None = None
    bitrate: int | None = None
    codecs: str | None = None


@dataclass(frozen=True, slots=True)
class MediaItem:
    owner: str
    id: str
    filename: str
    content_type: str
    kind: MediaKind
    size: int
    preset: str
    status: MediaStatus
    created_at: datetime
    updated_at: datetime
    error: ItemError | None = None
    variants: tuple[Variant, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    blurhash: str | None = None
    dominant_color: str | None = None  # "#rrggbb"
    # Incremented by every claim; a worker may only finish the attempt it claimed.
    attempt: int = 0
    # While PROCESSING, the claim is exclusive until this instant; after it, anyone may reclaim.
    lease_expires_at: datetime | None = None
    # AWAITING_UPLOAD items that never receive their file expire (DynamoDB TTL).
    expires_at: datetime | None = None
    # Set when a delete began: the item is on its way out, hidden from reads, frozen against changes.
    deleting_since: datetime | None = None
    # Its life, oldest first: the newest events the repository wrote with each change
    # (app/domain/history.py).
    history: tuple[HistoryEntry, ...] = ()
    # The X-Ray trace of the API request that created the item (its Root id), so the processor's
    # trace can name it: kept on the item, which every claim reads, rather than on the upload,
    # which a retry never sees again and a client could leave out.
    trace_id: str | None = None
    # A multipart upload's S3 UploadId (app/domain/multipart.py); None for a single presigned POST.
    upload_id: str | None = None
    # The owner's labels (app/domain/listing.py: normalised, at most MAX_TAGS), in their order.
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PresignedUpload:
    """A browser-compatible S3 POST: send `fields` then the file as multipart/form-data to `url`."""

    url: str
    fields: dict[str, str]
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class UploadRequest:
    filename: str
    content_type: str
    size: int
    preset: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    items: list[MediaItem]
    # Opaque cursor of the last item when more items follow, else None.
    end_cursor: str | None


# --- What processing produces -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Processed:
    """Processing succeeded: the item becomes READY."""

    variants: tuple[Variant, ...]
    metadata: dict[str, Any]
    blurhash: str | None = None
    dominant_color: str | None = None


@dataclass(frozen=True, slots=True)
class Refused:
    """Processing ended without outputs: REJECTED (bad input) or FAILED (we could not finish)."""

    status: MediaStatus
    error: ItemError


Outcome = Processed | Refused
