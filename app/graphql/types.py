"""The GraphQL types. Field names and nullability are a contract with the UI, the CLI and outside
clients (see schema.graphql); the domain's enums are exposed as they are."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from app.domain import models
from app.domain.delivery import MediaLinks
from app.domain.errors import ErrorCode as DomainErrorCode
from app.domain.history import SLOTS
from app.domain.history import HistoryEntry as DomainHistoryEntry
from app.domain.listing import MediaSort, cursor_of
from app.domain.presets import Fit as DomainFit
from app.domain.presets import ImageFormat as DomainImageFormat
from app.domain.presets import Preset as DomainPreset
from app.domain.service import UploadPolicy as DomainUploadPolicy
from app.domain.status import REPROCESS
from app.graphql.scalars import BigInt

# The domain's enums, registered as GraphQL enums under the same names.
MediaStatus = models.MediaStatus
MediaKind = models.MediaKind
ErrorCode = DomainErrorCode
ImageFormat = DomainImageFormat
Fit = DomainFit
strawberry.enum(MediaStatus, description="Where an item is in its life.")
strawberry.enum(MediaKind)
strawberry.enum(ErrorCode, description="Stable codes; see docs/troubleshooting.md.")
strawberry.enum(ImageFormat)
strawberry.enum(Fit)
strawberry.enum(MediaSort, description="The order of mediaList: by date, name (ignoring case) or size.")


@strawberry.type(description="Why an item ended REJECTED or FAILED.")
class MediaError:
    code: ErrorCode
    message: str


VariantRole = strawberry.enum(
    models.VariantRole,
    description="What an output is for: clients choose by it, never by `name` (which carries the "
    "preset's widths).",
)


@strawberry.type(description="One processed output, downloadable from `url` until `urlExpiresAt`.")
class Variant:
    name: str
    role: VariantRole  # type: ignore[valid-type]
    content_type: str
    animated: bool = strawberry.field(description="An animated picture (animated WebP).")
    format: str
    width: int
    height: int
    bytes: BigInt  # type: ignore[valid-type]
    url: str = strawberry.field(
        description="A signed URL (CloudFront's signed-URL format). Past `urlExpiresAt`, or changed in "
        "any way, it is refused with 403: query the item again for a fresh one."
    )
    url_expires_at: datetime = strawberry.field(description="When `url` stops working.")
    duration_seconds: float | None = strawberry.field(
        default=None, description="How long it plays (VIDEO, AUDIO, STREAM)."
    )
    bitrate: int | None = strawberry.field(
        default=None,
        description="Bits per second (VIDEO, AUDIO; for a STREAM, its highest rung's peak).",
    )
    codecs: str | None = strawberry.field(
        default=None,
        description="Its codecs as RFC 6381 names them, e.g. `avc1.64001f,mp4a.40.2`, for "
        "`MediaSource.isTypeSupported` or `canPlayType`.",
    )


@strawberry.type(description="One event of an item's life: the item as that write left it.")
class HistoryEntry:
    at: datetime = strawberry.field(description="When the write that recorded it was made.")
    status: MediaStatus
    attempt: int = strawberry.field(description="The processing attempt (0 before the first claim).")
    code: ErrorCode | None = strawberry.field(
        description="The error's code: a finished attempt's, or the transient one a released attempt met."
    )
    note: str = strawberry.field(description="What happened, as a short phrase for people.")

    @classmethod
    def from_entry(cls, entry: DomainHistoryEntry) -> HistoryEntry:
        return cls(at=entry.at, status=entry.status, attempt=entry.attempt, code=entry.code, note=entry.note)


@strawberry.type
class Media:
    id: strawberry.ID
    filename: str
    content_type: str
    kind: MediaKind
    size: BigInt  # type: ignore[valid-type]
    status: MediaStatus
    error: MediaError | None
    created_at: datetime
    updated_at: datetime
    variants: list[Variant]
    metadata: JSON | None
    blurhash: str | None
    dominant_color: str | None = strawberry.field(
        description="The picture's dominant colour as #rrggbb, for a flat placeholder."
    )
    preset: str
    tags: list[str] = strawberry.field(
        description="Your labels for the item, lower case, in the order you gave them (updateMedia)."
    )
    history: list[HistoryEntry] = strawberry.field(
        description=f"The item's life, oldest first: its newest events (at most {SLOTS}), each written with "
        "the change it records."
    )
    reprocessable: bool = strawberry.field(
        description="Whether reprocessMedia takes it now: READY, or REJECTED by a limit (not by what "
        "the file is)."
    )

    @classmethod
    def from_item(cls, item: models.MediaItem, links: MediaLinks) -> Media:
        expires_at = links.expiry()  # one expiry for all of an item's URLs
        variants = []
        for v in item.variants:
            # A stream's URL also opens the playlists and segments its master playlist names.
            link = links.link(v.key, expires_at, folder=v.role is models.VariantRole.STREAM)
            variants.append(
                Variant(
                    name=v.name,
                    role=v.role,
                    content_type=v.content_type,
                    animated=v.animated,
                    format=v.format,
                    width=v.width,
                    height=v.height,
                    bytes=v.bytes,
                    url=link.url,
                    url_expires_at=link.expires_at,
                    duration_seconds=v.duration_s,
                    bitrate=v.bitrate,
                    codecs=v.codecs,
                )
            )
        return cls(
            id=strawberry.ID(item.id),
            filename=item.filename,
            content_type=item.content_type,
            kind=item.kind,
            size=item.size,
            status=item.status,
            error=MediaError(code=item.error.code, message=item.error.message) if item.error else None,
            created_at=item.created_at,
            updated_at=item.updated_at,
            variants=variants,
            metadata=JSON(item.metadata) if item.metadata else None,
            blurhash=item.blurhash,
            dominant_color=item.dominant_color,
            preset=item.preset,
            tags=list(item.tags),
            history=[HistoryEntry.from_entry(e) for e in item.history],
            reprocessable=REPROCESS.admits(item),
        )


@strawberry.type
class MediaEdge:
    cursor: str
    node: Media


@strawberry.type
class PageInfo:
    """Relay's: paging forward with `first` and `after`, so a page has earlier ones exactly when it
    was asked for after a cursor; the cursors are the first and last edges' (null for no edges),
    except that a filtered list whose read stopped short ends where the read stopped (so a page
    may have no edges, and an end cursor, and a next page)."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None

    @classmethod
    def of(
        cls, cursors: list[str], *, has_next_page: bool, after: str | None, end_cursor: str | None = None
    ) -> PageInfo:
        return cls(
            has_next_page=has_next_page,
            has_previous_page=after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=end_cursor or (cursors[-1] if cursors else None),
        )


@strawberry.input(description="What updateMedia changes; a field left out stays as it is.")
class UpdateMediaInput:
    filename: str | None = strawberry.field(
        default=None, description="The new name, cleaned as an upload's is (it must not end up empty)."
    )
    tags: list[str] | None = strawberry.field(
        default=None,
        description="All of the item's tags (an empty list clears them): each 1 to 40 letters, digits, "
        "spaces, '-', '_' or '.', kept in lower case; at most 20.",
    )


@strawberry.type
class MediaConnection:
    edges: list[MediaEdge]
    page_info: PageInfo

    @strawberry.field(description="The nodes of `edges`, for clients that need no cursors.")
    def nodes(self) -> list[Media]:
        return [edge.node for edge in self.edges]

    @classmethod
    def from_page(
        cls, page: models.Page, links: MediaLinks, *, after: str | None, sort: MediaSort = MediaSort.NEWEST
    ) -> MediaConnection:
        edges = [MediaEdge(cursor=cursor_of(i, sort), node=Media.from_item(i, links)) for i in page.items]
        cursors = [edge.cursor for edge in edges]
        more = page.end_cursor is not None
        return cls(
            edges=edges,
            page_info=PageInfo.of(cursors, has_next_page=more, after=after, end_cursor=page.end_cursor),
        )


@strawberry.type
class PresetFormat:
    format: ImageFormat
    quality: int


@strawberry.type(description="A named recipe for an item's outputs, chosen per upload.")
class Preset:
    name: str
    description: str
    widths: list[int]
    formats: list[PresetFormat]
    fit: Fit
    aspect_ratio: float | None
    fingerprint: str

    @classmethod
    def from_preset(cls, preset: DomainPreset) -> Preset:
        return cls(
            name=preset.name,
            description=preset.description,
            widths=list(preset.widths),
            formats=[PresetFormat(format=f.format, quality=f.quality) for f in preset.formats],
            fit=preset.fit,
            aspect_ratio=preset.aspect_ratio,
            fingerprint=preset.fingerprint,
        )


@strawberry.type(description="What createUpload accepts, so clients can check files before sending them.")
class UploadPolicy:
    accepted_types: list[str]
    max_image_bytes: BigInt  # type: ignore[valid-type]
    max_video_bytes: BigInt  # type: ignore[valid-type]
    max_audio_bytes: BigInt  # type: ignore[valid-type]
    max_pixels: int
    default_preset: str

    @classmethod
    def from_policy(cls, policy: DomainUploadPolicy) -> UploadPolicy:
        """The part of the service's own policy a client can check before sending a file."""
        limits = policy.limits
        return cls(
            accepted_types=sorted(policy.allowed_types),
            max_image_bytes=limits.max_image_bytes,
            max_video_bytes=limits.max_video_bytes,
            max_audio_bytes=limits.max_audio_bytes,
            max_pixels=limits.max_pixels,
            default_preset=policy.default_preset,
        )


@strawberry.type(description="Send `fields`, then the file last, as multipart/form-data POST to `url`.")
class PresignedUpload:
    url: str
    fields: JSON
    expires_at: datetime


@strawberry.type
class CreateUploadPayload:
    media: Media
    upload: PresignedUpload


@strawberry.input
class CreateUploadInput:
    filename: str
    content_type: str
    size: BigInt  # type: ignore[valid-type]
    preset: str | None = None


def to_request(upload: CreateUploadInput) -> models.UploadRequest:
    return models.UploadRequest(
        filename=upload.filename, content_type=upload.content_type, size=upload.size, preset=upload.preset
    )
