"""The API's use cases. Every call is scoped to the caller's owner id; nothing crosses owners."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.domain import keys, multipart
from app.domain.audit import AuditAction, AuditEntry, AuditPage, AuditRetention
from app.domain.errors import (
    ErrorCode,
    InvalidRequest,
    NotFound,
    NotReprocessable,
    NotRetryable,
    RateLimited,
)
from app.domain.filenames import sanitise_filename
from app.domain.jobs import Job
from app.domain.limits import Limits
from app.domain.listing import MAX_RAW_FILENAME, MediaQuery, new_filename, normalise_tags
from app.domain.media_types import kind_of, normalise
from app.domain.metrics import Dimension, Metric, MetricsSink, NoMetrics, kind_value
from app.domain.models import (
    ItemError,
    MediaItem,
    MediaStatus,
    Page,
    PresignedUpload,
    Refused,
    UploadRequest,
)
from app.domain.multipart import UploadedPart
from app.domain.ports import (
    Budget,
    CdnInvalidator,
    Clock,
    IdFactory,
    JobQueue,
    MediaRepository,
    UploadGone,
    UploadStorage,
)
from app.domain.presets import Preset, find_preset
from app.domain.rates import retry_after_s
from app.domain.status import REOPEN, REPROCESS, is_gone
from app.domain.usage import CostEstimate, Prices, Quota, Usage, estimate, refuse_over_quota

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_CONTENT_TYPE = 255
# S3 takes at most 5 GiB in one POST (or PUT); bigger files go in parts (app/domain/multipart.py).
POST_MAX_BYTES = 5 * 1024**3
# An item whose file never arrives disappears after this long (DynamoDB TTL).
ABANDONED_UPLOAD_TTL = timedelta(days=1)
ARRIVED = "This upload is complete: its file has arrived."


@dataclass(frozen=True, slots=True)
class UploadPolicy:
    allowed_types: frozenset[str]
    limits: Limits
    presets: tuple[Preset, ...]
    default_preset: str
    url_expires_s: int
    quota: Quota | None = None


class MediaService:
    def __init__(
        self,
        repository: MediaRepository,
        storage: UploadStorage,
        queue: JobQueue,
        policy: UploadPolicy,
        *,
        cdn: CdnInvalidator,
        clock: Clock,
        new_id: IdFactory,
        prices: Prices | None = None,
        work: Budget | None = None,
        audit: AuditRetention | None = None,
        metrics: MetricsSink | None = None,
        trace_id: Callable[[], str | None] = lambda: None,
    ) -> None:
        """`work` is each owner's budget of calls that make the system work (createUpload,
        retryProcessing, reprocessMedia, deleteMedia: writes, processing, deletes and CDN
        invalidations), so that aliases in one request cannot multiply what the request limit
        allows. None: no limit.
        `audit` says how long the audit log keeps its entries (default: a year). `trace_id` is the
        current request's trace, kept on each new item for the processor's."""
        self._repository = repository
        self._storage = storage
        self._queue = queue
        self._policy = policy
        self._cdn = cdn
        self._clock = clock
        self._new_id = new_id
        self._prices = prices or Prices()
        self._work = work
        self._audit = audit or AuditRetention()
        self._metrics: MetricsSink = metrics if metrics is not None else NoMetrics()
        self._trace_id = trace_id

    @property
    def presets(self) -> tuple[Preset, ...]:
        return self._policy.presets

    @property
    def policy(self) -> UploadPolicy:
        """What createUpload accepts (the uploadPolicy query shows clients part of it)."""
        return self._policy

    def create_upload(self, owner: str, request: UploadRequest) -> tuple[MediaItem, PresignedUpload]:
        if request.size > POST_MAX_BYTES:
            raise InvalidRequest(
                f"The file is {request.size:,} bytes; one POST takes at most {POST_MAX_BYTES:,}. "
                "Send it in parts: createMultipartUpload.",
                ErrorCode.TOO_LARGE,
            )
        item = self._register(owner, request)
        upload = self._storage.presign_upload(
            keys.original_key(owner, item.id),
            content_type=item.content_type,
            max_bytes=request.size,
            expires_in=self._policy.url_expires_s,
        )
        return item, upload

    def create_multipart_upload(self, owner: str, request: UploadRequest) -> MultipartUpload:
        """As createUpload, but the file arrives in parts: the part size, and URLs for the first parts
        (more from `part_urls`, as they expire or as the upload goes on)."""
        item = self._register(owner, request, in_parts=True)
        return MultipartUpload(
            item,
            multipart.part_size(item.size),
            self._part_urls(item, list(range(1, min(multipart.FIRST_URLS, _parts_of(item)) + 1))),
        )

    def part_urls(self, owner: str, media_id: str, numbers: list[int]) -> list[PartUrl]:
        item = self._awaiting_parts(owner, media_id)
        if problem := multipart.invalid_part_numbers(numbers, _parts_of(item)):
            raise InvalidRequest(problem, ErrorCode.INVALID_INPUT)
        return self._part_urls(item, numbers)

    def uploaded_parts(self, owner: str, media_id: str) -> list[UploadedPart]:
        """What S3 holds of the upload: a client resuming sends only the rest."""
        item = self._awaiting_parts(owner, media_id)
        try:
            return self._storage.uploaded_parts(keys.original_key(owner, media_id), _upload_id(item))
        except UploadGone:
            raise InvalidRequest(ARRIVED, ErrorCode.INVALID_INPUT) from None  # its event is on the way

    def complete_multipart_upload(self, owner: str, media_id: str, parts: list[multipart.Part]) -> MediaItem:
        """Join the parts into the original, once they are all there and add up to the declared size
        (S3 holds parts to no size). More bytes than declared: the upload is dropped, and the item
        with it, `TOO_LARGE`. The original's arrival then runs the processor as a POST's does, which
        checks size and type again on what arrived: a file that is not its declared type ends
        REJECTED `TYPE_MISMATCH` there, the one place that reads the bytes.

        Idempotent: joining a multi-GiB upload can outlast the client's wait, so a retry of a
        completion that succeeded unseen answers with the item rather than an error."""
        item = self.get(owner, media_id)
        if item is None or item.upload_id is None:
            raise NotFound(f"No multipart upload with id {media_id!r}.")
        if _arrived(item):
            return item  # completed before, and its file's arrival recorded since
        # UploadGone: S3 knows the upload no more while its item still waits, so a completion that
        # succeeded unseen (or raced this one), whose file's event is on its way. The API may not
        # read originals, so it does not look; an upload S3's lifecycle rule aborted instead is a day
        # old, and its item, past its TTL, was gone at `get`.
        with suppress(UploadGone):
            self._join(item, parts)
        return item

    def _join(self, item: MediaItem, parts: list[multipart.Part]) -> None:
        """Complete the upload in S3 once its parts are all there and hold the declared size."""
        key = keys.original_key(item.owner, item.id)
        held = self._storage.uploaded_parts(key, _upload_id(item))
        arrived = multipart.held_bytes(held)
        if arrived > item.size:
            self._storage.abort_multipart(key, _upload_id(item))
            self.delete(item.owner, item.id)
            raise InvalidRequest(
                f"The parts hold {arrived:,} bytes; the upload declared {item.size:,}. The upload was "
                "dropped: start again with the file's real size.",
                ErrorCode.TOO_LARGE,
            )
        if problem := multipart.unmatched_parts(parts, held, _parts_of(item)):
            raise InvalidRequest(problem, ErrorCode.INVALID_INPUT)
        if arrived < item.size:
            raise InvalidRequest(
                f"The parts hold {arrived:,} bytes of the {item.size:,} declared: a part is short.",
                ErrorCode.INVALID_INPUT,
            )
        self._storage.complete_multipart(key, _upload_id(item), parts)

    def abort_upload(self, owner: str, media_id: str) -> bool:
        """Drop an upload that has not arrived, its parts and its item. False: no such upload."""
        item = self.get(owner, media_id)
        if item is None or _arrived(item):
            return False
        if item.upload_id is not None:
            self._storage.abort_multipart(keys.original_key(owner, media_id), item.upload_id)
        return self.delete(owner, media_id)

    def _register(self, owner: str, request: UploadRequest, *, in_parts: bool = False) -> MediaItem:
        """The checks every new upload passes, then its item, AWAITING_UPLOAD."""
        if len(request.filename) > MAX_RAW_FILENAME or len(request.content_type) > MAX_CONTENT_TYPE:
            raise InvalidRequest("The filename or content type is too long.", ErrorCode.INVALID_INPUT)
        content_type = normalise(request.content_type)
        kind = kind_of(content_type)
        if kind is None or content_type not in self._policy.allowed_types:
            allowed = ", ".join(sorted(self._policy.allowed_types))
            raise InvalidRequest(
                f"Files of type {request.content_type!r} are not accepted. Allowed types: {allowed}.",
                ErrorCode.UNSUPPORTED_TYPE,
            )
        max_bytes = self._policy.limits.max_bytes(kind)
        if request.size <= 0:
            raise InvalidRequest("The file is empty: size must be at least 1 byte.", ErrorCode.INVALID_INPUT)
        if request.size > max_bytes:
            raise InvalidRequest(
                f"The file is {request.size:,} bytes; {kind.value.lower()} uploads are limited to "
                f"{max_bytes:,} bytes.",
                ErrorCode.TOO_LARGE,
            )
        preset_name = request.preset or self._policy.default_preset
        self._known_preset(preset_name)

        self._spend_work(owner)  # after the checks that cost nothing, before the ones that read
        if self._policy.quota is not None:
            # Against what is stored now: uploads still on their way count once they arrive.
            refuse_over_quota(self._repository.usage(owner), self._policy.quota, request.size)
        now = self._clock()
        media_id = self._new_id()
        upload_id = (
            self._storage.start_multipart(keys.original_key(owner, media_id), content_type=content_type)
            if in_parts
            else None
        )
        item = MediaItem(
            owner=owner,
            id=media_id,
            filename=sanitise_filename(request.filename),
            content_type=content_type,
            kind=kind,
            size=request.size,
            preset=preset_name,
            status=MediaStatus.AWAITING_UPLOAD,
            created_at=now,
            updated_at=now,
            expires_at=now + ABANDONED_UPLOAD_TTL,
            trace_id=self._trace_id(),
            upload_id=upload_id,
        )
        item = self._repository.create(item)  # as stored: with its creation in its history
        self._metrics.record(Metric.UPLOADS_CREATED, 1, {Dimension.KIND: kind_value(kind)})
        # Once per item: the API's request id (a key of the function's logger) beside the item's id.
        logger.info("Upload created", extra={"media_id": item.id, "kind": kind_value(kind)})
        return item

    def _awaiting_parts(self, owner: str, media_id: str) -> MediaItem:
        """The caller's multipart upload whose file has not arrived yet; NotFound otherwise."""
        item = self.get(owner, media_id)
        if item is None or item.upload_id is None:
            raise NotFound(f"No multipart upload with id {media_id!r}.")
        if _arrived(item):
            raise InvalidRequest(ARRIVED, ErrorCode.INVALID_INPUT)
        return item

    def _part_urls(self, item: MediaItem, numbers: list[int]) -> list[PartUrl]:
        key = keys.original_key(item.owner, item.id)
        expires = self._policy.url_expires_s
        return [
            PartUrl(n, self._storage.presign_part(key, _upload_id(item), n, expires_in=expires))
            for n in sorted(set(numbers))
        ]

    def usage(self, owner: str) -> Usage:
        return self._repository.usage(owner)

    def estimate(self, usage: Usage) -> CostEstimate:
        return estimate(usage, self._prices)

    @property
    def quota(self) -> Quota | None:
        return self._policy.quota

    def get(self, owner: str, media_id: str) -> MediaItem | None:
        if not keys.is_media_id(media_id):
            return None
        item = self._repository.get(owner, media_id)
        if is_gone(item):
            return None
        assert item is not None  # is_gone covers a missing item
        return None if self._expired(item) else item

    def list(self, owner: str, *, first: int, after: str | None, query: MediaQuery | None = None) -> Page:
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise InvalidRequest(f"first must be between 1 and {MAX_PAGE_SIZE}.", ErrorCode.INVALID_INPUT)
        page = self._repository.list(owner, limit=first, after=after, query=query or MediaQuery())
        kept = [item for item in page.items if not self._expired(item)]
        return page if len(kept) == len(page.items) else replace(page, items=kept)

    def _expired(self, item: MediaItem) -> bool:
        """An upload whose file never came, past its TTL: DynamoDB deletes such an item within a day
        or two, but for its owner it is gone now. The first read that finds it removes it, and its
        multipart upload's parts with it (else S3's lifecycle rule drops them a day in)."""
        if _arrived(item) or item.expires_at is None:
            return False
        if item.expires_at > self._clock():
            return False
        try:
            if item.upload_id is not None:
                self._storage.abort_multipart(keys.original_key(item.owner, item.id), item.upload_id)
            self._remove(item.owner, item.id, audited=False)
        except Exception:  # a read must not fail for a cleanup the TTL and lifecycle rule also do
            logger.exception("Could not remove an expired upload", extra={"media_id": item.id})
        return True

    def update(
        self, owner: str, media_id: str, *, filename: str | None = None, tags: Sequence[str] | None = None
    ) -> MediaItem:
        """Rename the item and/or set its tags (updateMedia), whatever its status."""
        if filename is None and tags is None:
            raise InvalidRequest("Give a filename, tags or both to change.", ErrorCode.INVALID_INPUT)
        name = None if filename is None else new_filename(filename)
        labels = None if tags is None else normalise_tags(tags)
        if keys.is_media_id(media_id) and self.get(owner, media_id) is not None:
            self._spend_work(owner)
            updated = self._repository.update_details(
                owner, media_id, filename=name, tags=labels, now=self._clock()
            )
            if updated is not None:
                return updated
        raise NotFound(f"No media with id {media_id!r}.")

    def retry(self, owner: str, media_id: str) -> MediaItem:
        if keys.is_media_id(media_id):
            self._spend_work(owner)
        item = self.get(owner, media_id)
        if item is None:
            raise NotFound(f"No media with id {media_id!r}.")
        now = self._clock()
        if not REOPEN.admits(item, now=now):  # asked before the write, for a clear refusal
            raise NotRetryable(_why_not_retryable(item.status))
        detail = f"after {item.error.code.value}" if item.error else None
        entry = self._audit_entry(owner, AuditAction.RETRY, media_id, now=now, detail=detail)
        reopened = self._repository.reopen(owner, media_id, now=now, audit=entry)
        if reopened is None:  # someone else moved it first
            raise NotRetryable("The item changed while retrying; reload it and try again.")
        try:
            self._queue.enqueue(Job(owner=owner, media_id=media_id, reason="retry"))
        except Exception:
            # Without a queued job nothing would ever pick the item up again: put it back.
            self._repository.complete(reopened, _failed_again(item), now=self._clock())
            raise
        return replace(reopened, error=None)

    def reprocess(self, owner: str, media_id: str, preset: str | None = None) -> MediaItem:
        """Remake the item's outputs with `preset` (default: the item's own, as configured now). Its
        old outputs stay listed, and viewable, until the new ones replace them."""
        if keys.is_media_id(media_id):
            self._spend_work(owner)
        item = self.get(owner, media_id)
        if item is None:
            raise NotFound(f"No media with id {media_id!r}.")
        preset_name = preset or item.preset
        self._known_preset(preset_name)
        now = self._clock()
        if not REPROCESS.admits(item, now=now):  # asked before the write, for a clear refusal
            raise NotReprocessable(_why_not_reprocessable(item))
        entry = self._audit_entry(owner, AuditAction.REPROCESS, media_id, now=now, detail=preset_name)
        requeued = self._repository.reprocess(owner, media_id, preset=preset_name, now=now, audit=entry)
        if requeued is None:  # someone else moved it first
            raise NotReprocessable("The item changed while reprocessing; reload it and try again.")
        try:
            self._queue.enqueue(Job(owner=owner, media_id=media_id, reason="reprocess"))
        except Exception:
            # Nothing would ever pick it up: FAILED (its old outputs still listed), so a retry can.
            unqueued = Refused(
                MediaStatus.FAILED, ItemError(ErrorCode.UNAVAILABLE, "The reprocess could not be queued.")
            )
            self._repository.complete(requeued, unqueued, now=self._clock())
            raise
        return requeued

    def delete(self, owner: str, media_id: str) -> bool:
        """Mark, sweep the objects, forget the CDN's copies, then remove the item: a failure at any
        step leaves the item marked (hidden, frozen), so calling delete again finishes the job.

        Marking first makes a processor that is finishing this item meanwhile lose its claim; it
        then removes what it wrote itself (see processors/pipeline.py), so no output outlives the item.
        """
        if not keys.is_media_id(media_id):
            return False
        self._spend_work(owner)
        return self._remove(owner, media_id, audited=True)

    def _remove(self, owner: str, media_id: str, *, audited: bool) -> bool:
        """delete's steps, for the owner's delete (audited) and an expired upload's (not: nobody acted)."""
        marked = self._repository.begin_delete(owner, media_id, now=self._clock())
        if marked is None:
            return False
        self._storage.delete_media(owner, media_id)
        # Only recorded variants were ever handed out as URLs, so only they can be cached. Exact
        # paths, not a wildcard: CloudFront allows 3,000 of those in progress, but only 15 wildcards.
        if marked.variants:
            self._cdn.invalidate([f"/{variant.key}" for variant in marked.variants])
        entry = (
            self._audit_entry(owner, AuditAction.DELETE, media_id, now=self._clock(), detail=marked.filename)
            if audited
            else None
        )
        self._repository.delete(owner, media_id, audit=entry)
        return True

    def audit_log(self, owner: str, *, first: int, after: str | None) -> AuditPage:
        """The owner's own audit entries, newest first."""
        if not 1 <= first <= MAX_PAGE_SIZE:
            raise InvalidRequest(f"first must be between 1 and {MAX_PAGE_SIZE}.", ErrorCode.INVALID_INPUT)
        return self._repository.audit_log(owner, limit=first, after=after)

    def _audit_entry(
        self, owner: str, action: AuditAction, media_id: str, *, now: datetime, detail: str | None
    ) -> AuditEntry:
        # Through the API the owner acts on their own items: the signed-in person is `who`.
        return self._audit.entry(
            owner=owner, id=self._new_id(), at=now, action=action, media_id=media_id, who=owner, detail=detail
        )

    def _known_preset(self, name: str) -> None:
        if find_preset(self._policy.presets, name) is None:
            known = ", ".join(p.name for p in self._policy.presets)
            raise InvalidRequest(f"No preset named {name!r}. Known: {known}.", ErrorCode.UNKNOWN_PRESET)

    def _spend_work(self, owner: str) -> None:
        if self._work is None:
            return
        wait = self._work.spend(owner)
        if wait is not None:
            seconds = retry_after_s(wait)
            raise RateLimited(
                f"Too many uploads, retries and deletes in a short time; try again in {seconds} s.", seconds
            )


@dataclass(frozen=True, slots=True)
class PartUrl:
    number: int
    url: str


@dataclass(frozen=True, slots=True)
class MultipartUpload:
    item: MediaItem
    part_size: int
    parts: list[PartUrl]


def _arrived(item: MediaItem) -> bool:
    """Its file is in storage: the item moved on, or its arrival dropped the TTL of a waiting upload."""
    return item.status is not MediaStatus.AWAITING_UPLOAD or item.expires_at is None


def _parts_of(item: MediaItem) -> int:
    return multipart.part_count(item.size, multipart.part_size(item.size))


def _upload_id(item: MediaItem) -> str:
    assert item.upload_id is not None  # only multipart items reach here (_awaiting_parts)
    return item.upload_id


def _why_not_retryable(status: MediaStatus) -> str:
    return {
        MediaStatus.AWAITING_UPLOAD: "The file has not been uploaded yet.",
        MediaStatus.PROCESSING: "The item is being processed right now.",
        MediaStatus.READY: "The item is ready; there is nothing to retry.",
        MediaStatus.REJECTED: "The file itself was rejected; processing it again would give the same "
        "result. Upload a different file.",
    }.get(status, f"Items in status {status.value} cannot be retried.")


def _why_not_reprocessable(item: MediaItem) -> str:
    if item.status is MediaStatus.REJECTED:
        return (
            "The file itself was rejected, not only for breaking a limit; processing it again would "
            "give the same result. Upload a different file."
        )
    return {
        MediaStatus.AWAITING_UPLOAD: "The file has not been uploaded yet.",
        MediaStatus.PROCESSING: "The item is being processed right now; reprocess it once it is done.",
        MediaStatus.FAILED: "The item failed: retry it instead (retryProcessing).",
    }.get(item.status, f"Items in status {item.status.value} cannot be reprocessed.")


def _failed_again(item: MediaItem) -> Refused:
    error = item.error or ItemError(ErrorCode.PROCESSING_ERROR, "Processing failed.")
    return Refused(status=MediaStatus.FAILED, error=error)
