"""What the domain needs from the outside world. Adapters implement these; fakes in tests do too."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from app.domain.audit import AuditEntry, AuditPage
from app.domain.errors import ErrorCode
from app.domain.jobs import Job
from app.domain.listing import ALL, MediaQuery
from app.domain.models import ItemError, MediaItem, Outcome, Page, PresignedUpload
from app.domain.multipart import Part, UploadedPart
from app.domain.usage import Compute, Usage
from app.domain.webhooks import Delivery, Webhook

Clock = Callable[[], datetime]
IdFactory = Callable[[], str]


@dataclass(frozen=True, slots=True)
class StoredObject:
    size: int
    content_type: str | None
    etag: str


class MediaRepository(Protocol):
    """The media table. Each status write applies only where its guard in app/domain/status.py
    (named below) admits the item, and never once the item's deletion has begun; the conditions
    live there, once, for every implementation. Each write that changes the item (`create` to
    `abandon`) adds its event to the item's history (app/domain/history.py) in the same write, and
    a refused write adds nothing."""

    def create(self, item: MediaItem) -> MediaItem:
        """Insert a new item, its creation the first event of its history; fails if the id exists.
        Returns the item as stored."""

    def get(self, owner: str, media_id: str) -> MediaItem | None: ...

    def list(self, owner: str, *, limit: int, after: str | None, query: MediaQuery = ALL) -> Page:
        """The owner's items that `query` keeps, in its order (app/domain/listing.py). `after` is
        an opaque cursor from an earlier page of the same query."""

    def update_details(
        self,
        owner: str,
        media_id: str,
        *,
        filename: str | None,
        tags: tuple[str, ...] | None,
        now: datetime,
    ) -> MediaItem | None:
        """Set the filename and/or the tags (each None: unchanged), whatever the status; None if
        there is no such item or its deletion has begun."""

    def claim(self, owner: str, media_id: str, *, now: datetime, lease_until: datetime) -> MediaItem | None:
        """Take the item for processing under a new attempt and lease (`CLAIM_ARRIVAL`, else
        `CLAIM_AGAIN`). The upload's arrival adds the item and its original's bytes to the owner's
        usage.

        Returns the claimed item, or None when the item is gone or someone else holds it.
        """

    def complete(
        self, item: MediaItem, outcome: Outcome, *, now: datetime, compute: Compute | None = None
    ) -> bool:
        """Record the claimed attempt's outcome (`COMPLETE`), adding its compute to the owner's usage
        and, for READY, its outputs' bytes less those of the outputs they replace (a reprocessed
        item's). Any other outcome leaves the item's outputs as they were. False if the claim was lost."""

    def release(self, item: MediaItem, *, now: datetime, code: ErrorCode | None = None) -> None:
        """Give up this attempt's lease early, so a redelivered message can reclaim at once
        (`RELEASE`); `code` is the transient error's, for the item's history."""

    def reopen(
        self, owner: str, media_id: str, *, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        """retryProcessing: PROCESSING with a lapsed lease, ready for the queued job to claim
        (`REOPEN`). The reopened item, or None when the guard refused. `audit` is recorded in the
        same write: both happen, or neither."""

    def reprocess(
        self, owner: str, media_id: str, *, preset: str, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        """reprocessMedia: the item's preset set to `preset` and the item PROCESSING with a lapsed
        lease, for the queued job to claim (`REPROCESS`); its outputs stay listed until the job's
        READY replaces them. The item, or None when the guard refused. `audit` is recorded in the
        same write: both happen, or neither."""

    def mark_uploaded(self, owner: str, media_id: str, *, now: datetime) -> bool:
        """The original has arrived: drop the TTL (meant for uploads that never come), so DynamoDB
        never deletes an item whose file exists, claimed yet or not (`MARK_UPLOADED`). False when
        the guard refused."""

    def abandon(self, owner: str, media_id: str, error: ItemError, *, now: datetime) -> bool:
        """FAILED with `error`, for work that will not be retried any more (its message went, or is
        going, to the dead-letter queue); only an item nobody works on (`ABANDON`). False when the
        guard refused."""

    def begin_delete(self, owner: str, media_id: str, *, now: datetime) -> MediaItem | None:
        """Mark the item as being deleted (again, if it already is): from then on no status change
        succeeds (a processor finishing meanwhile loses its claim), and lists leave it out. Returns
        the marked item, or None if there is no such item."""

    def delete(self, owner: str, media_id: str, *, audit: AuditEntry | None = None) -> MediaItem | None:
        """Remove the item and take what it stored off the owner's usage; returns what was removed,
        or None if there was nothing. `audit` is recorded in the same write, only when something
        was removed."""

    def record_audit(self, entry: AuditEntry) -> None:
        """Store an audit entry on its own, for an action that is no write of this table (a redrive)."""

    def audit_log(self, owner: str, *, limit: int, after: str | None) -> AuditPage:
        """The owner's audit entries, newest first; `after` is an opaque cursor from an earlier page.
        Never media items, and media lists never hold entries."""

    def usage(self, owner: str) -> Usage:
        """What the owner stores and has spent (app/domain/usage.py)."""


class OriginalLookup(Protocol):
    def head_original(self, key: str) -> StoredObject | None:
        """The original's size, type and ETag; None when nothing is stored at `key`."""


class UploadGone(Exception):
    """Object storage no longer knows a multipart upload: it was completed or aborted."""


class UploadStorage(Protocol):
    """What the API needs from object storage (never an original's bytes or headers: the API may
    not read originals)."""

    def presign_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int
    ) -> PresignedUpload: ...

    def delete_media(self, owner: str, media_id: str) -> None:
        """Delete the original and every output of an item."""

    # Multipart uploads (app/domain/multipart.py): the original arrives in parts the client PUTs.

    def start_multipart(self, key: str, *, content_type: str) -> str:
        """Begin a multipart upload of `key` (tagged unclaimed, as a POST upload is); its UploadId."""

    def presign_part(self, key: str, upload_id: str, part_number: int, *, expires_in: int) -> str:
        """A URL the client PUTs one part's bytes to, valid for `expires_in` seconds."""

    def uploaded_parts(self, key: str, upload_id: str) -> list[UploadedPart]:
        """The parts S3 holds for the upload, by number; `UploadGone` when it was completed or aborted."""

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None:
        """Join the parts into `key`; `UploadGone` when the upload was completed or aborted."""

    def abort_multipart(self, key: str, upload_id: str) -> None:
        """Drop the upload and every part it holds (nothing if it is gone already)."""


class ProcessingStorage(OriginalLookup, Protocol):
    """What a processor needs from object storage."""

    def download_original(self, key: str, target: BinaryIO, etag: str | None = None) -> None:
        """Stream the object's bytes into `target` (a file on the function's temporary storage);
        with `etag`, only if it is still that version (else an error)."""

    def keep_original(self, key: str) -> None:
        """Its item has claimed this original: it is no stray, whatever the lifecycle rule for
        unclaimed originals says (the upload marked it as one)."""

    def delete_original(self, key: str) -> None:
        """Remove an original that belongs to no item (it arrived after its item was deleted)."""

    def write_output(self, key: str, data: bytes | Path, content_type: str) -> None:
        """Store an output from its bytes or from the file that holds them (which may be large)."""

    def delete_outputs(self, owner: str, media_id: str) -> None: ...

    def delete_output_folder(self, prefix: str) -> None:
        """Remove every output under `prefix` (a replaced stream's folder), and only those."""

    def delete_output_keys(self, output_keys: Sequence[str]) -> None:
        """Remove these outputs (a reprocessed item's old ones), and only these."""


class JobQueue(Protocol):
    def enqueue(self, job: Job) -> None: ...


class DeadLetters(Protocol):
    """The dead-letter queue, read in place: what is in it stays in it."""

    def peek(self, *, limit: int) -> list[str]:
        """The bodies of up to `limit` messages, each once; every message stays in the queue."""


class UrlSigner(Protocol):
    def sign(self, url: str, expires_at: datetime, scope: str | None = None) -> str:
        """`url` with what proves, until `expires_at`, that we handed it out: for `url` alone, or
        for every URL that `scope` matches (a prefix ending in `*`), so that what a playlist names
        relative to it opens with the same proof."""


class CdnInvalidator(Protocol):
    def invalidate(self, paths: Sequence[str]) -> None:
        """Make the CDN forget what it cached at these paths (each starts with "/")."""


class Budget(Protocol):
    """A rate-limited bucket per key (an owner, a source address): see app/domain/rates.py."""

    def spend(self, key: str, cost: int = 1) -> float | None:
        """Take `cost` units from `key`'s bucket: None when taken, else the seconds until they
        would be there (and nothing is taken)."""


# --- Webhooks (app/domain/webhooks.py) ---------------------------------------------------------


class WebhookStore(Protocol):
    """Owners' endpoints and their deliveries, in the media table beside the items (never as items:
    the notifier skips them, so writing them makes no event)."""

    def add_webhook(self, webhook: Webhook) -> None:
        """Insert a new endpoint; fails if its id exists."""

    def get_webhook(self, owner: str, webhook_id: str) -> Webhook | None: ...

    def list_webhooks(self, owner: str) -> list[Webhook]:
        """The owner's endpoints, oldest first."""

    def save_webhook(self, webhook: Webhook) -> bool:
        """Replace an endpoint as it is now (an edit, a rotation); False if it was deleted."""

    def delete_webhook(self, owner: str, webhook_id: str) -> bool:
        """False if there was no such endpoint. Its deliveries stay until their TTL."""

    def delivery_failed(
        self, owner: str, webhook_id: str, *, disable_after: int, reason: str, now: datetime
    ) -> Webhook | None:
        """Count one more delivery that ended FAILED; at `disable_after` in a row, switch the endpoint
        off with `reason`. The endpoint as it is now, or None if it is gone."""

    def delivery_succeeded(self, owner: str, webhook_id: str) -> None:
        """A delivery got through: the endpoint's count of failures in a row starts again."""

    def add_delivery(self, delivery: Delivery) -> bool:
        """Record a new delivery; False (and nothing written) if one with its id exists."""

    def get_delivery(self, owner: str, delivery_id: str) -> Delivery | None: ...

    def save_delivery(self, delivery: Delivery) -> None:
        """Store the delivery as it is now (an attempt's outcome, a redelivery)."""

    def mark_queued(self, owner: str, delivery_id: str) -> None:
        """Its message is on the queue: only that, so an attempt saved meanwhile stays as it is."""

    def list_deliveries(self, owner: str, webhook_id: str, *, limit: int) -> list[Delivery]:
        """The endpoint's newest deliveries first, at most `limit`."""


class WebhookQueue(Protocol):
    def enqueue(self, owner: str, delivery_id: str) -> None:
        """Put a delivery on the webhook queue for the sender (app/webhook_handler.py)."""


@dataclass(frozen=True, slots=True)
class Response:
    """What one attempt to deliver got: the HTTP status, or the reason there was none."""

    status: int | None
    error: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class WebhookTransport(Protocol):
    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Response:
        """POST once, following no redirect; never raises for what the endpoint did (a refused
        address, a timeout, a reset are a `Response` with its `error`)."""


class WebhookSigner(Protocol):
    def headers(self, secrets: Sequence[str], message_id: str, at: datetime, body: str) -> dict[str, str]:
        """The Standard Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`), signed
        with each secret."""
