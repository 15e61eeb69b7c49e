"""In-memory implementations of the domain's ports, for unit tests. The repository's writes are
judged by the same guards as DynamoDB's (app/domain/status.py); tests/integration/
test_repository_agreement.py holds the two to the same outcome and the same stored item."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlencode

from app.domain import keys
from app.domain.audit import AuditEntry, AuditPage, AuditRetention
from app.domain.cursors import decode_cursor, decode_positioned, encode_cursor
from app.domain.delivery import MediaLinks
from app.domain.errors import ErrorCode, InvalidRequest
from app.domain.history import Event, claim_event, entry, finished_detail, recorded
from app.domain.jobs import Job
from app.domain.limits import Limits
from app.domain.listing import ALL, MediaQuery, cursor_of, name_key, position_of
from app.domain.live import Connection, LiveSubscription
from app.domain.models import ItemError, MediaItem, MediaStatus, Outcome, Page, PresignedUpload, Processed
from app.domain.multipart import Part, UploadedPart
from app.domain.ports import (
    Budget,
    CdnInvalidator,
    DeadLetters,
    JobQueue,
    MediaRepository,
    ProcessingStorage,
    StoredObject,
    UploadGone,
    UploadStorage,
    UrlSigner,
)
from app.domain.presets import BUILTIN_PRESETS
from app.domain.service import MediaService, UploadPolicy
from app.domain.status import (
    ABANDON,
    CLAIM_AGAIN,
    CLAIM_ARRIVAL,
    COMPLETE,
    MARK_UPLOADED,
    RELEASE,
    REOPEN,
    REPROCESS,
    Guard,
)
from app.domain.usage import (
    Compute,
    KindUsage,
    Quota,
    Usage,
    arrival,
    attempt,
    removal,
    replaced_outputs,
    with_kind,
)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def matches(item: MediaItem, query: MediaQuery) -> bool:
    """Whether a list of `query` keeps `item` (as DynamoDB's key conditions and filters do)."""
    return (
        item.deleting_since is None
        and query.status in {None, item.status}
        and query.kind in {None, item.kind}
        and (query.tag is None or query.tag in item.tags)
        and (query.search is None or query.search in name_key(item.filename))
    )


class InMemoryRepository:
    """The repository's rules, usage accounting included, on a dict (the same Protocol)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], MediaItem] = {}
        self.usages: dict[str, Usage] = {}
        self.audits: dict[tuple[str, str], AuditEntry] = {}

    def usage(self, owner: str) -> Usage:
        return self.usages.get(owner, Usage())

    def _count(self, item: MediaItem, change: KindUsage) -> None:
        self.usages[item.owner] = with_kind(self.usage(item.owner), item.kind, change)

    def create(self, item: MediaItem) -> MediaItem:
        if (item.owner, item.id) in self.items:
            raise ValueError("exists")
        created = entry(item, Event.CREATED, at=item.created_at, status=item.status, attempt=item.attempt)
        self.items[(item.owner, item.id)] = stored = recorded(item, created)
        return stored

    def get(self, owner: str, media_id: str) -> MediaItem | None:
        return self.items.get((owner, media_id))

    def _guarded(
        self,
        owner: str,
        media_id: str,
        guard: Guard,
        *,
        now: datetime | None = None,
        attempt: int | None = None,
    ) -> MediaItem | None:
        """The item if `guard`'s write may apply to it: it exists, its deletion has not begun (the
        repository's own clause, as DynamoDB's `_write` adds it) and the guard admits it."""
        item = self.items.get((owner, media_id))
        if item is None or item.deleting_since is not None:
            return None
        return item if guard.admits(item, now=now, attempt=attempt) else None

    def list(self, owner: str, *, limit: int, after: str | None, query: MediaQuery = ALL) -> Page:
        """DynamoDB's orders (app/adapters/media_listing.py): by id, or by the name key or the size
        and then by id; every filter applied."""

        def order(item: MediaItem) -> tuple[Any, str]:
            return (position_of(item, query.sort), item.id) if not query.sort.by_date else ("", item.id)

        mine = sorted(
            (i for (o, _), i in self.items.items() if o == owner and matches(i, query)),
            key=order,
            reverse=not query.sort.ascending,
        )
        if after is not None:
            media_id, position = decode_positioned(after)
            if (position is None) != query.sort.by_date:
                raise InvalidRequest("The cursor is of a list in another order.", ErrorCode.BAD_CURSOR)
            start = (position if position is not None else "", media_id)
            mine = [i for i in mine if (order(i) > start if query.sort.ascending else order(i) < start)]
        page = mine[:limit]
        more = len(mine) > limit
        return Page(items=page, end_cursor=cursor_of(page[-1], query.sort) if more and page else None)

    def update_details(
        self,
        owner: str,
        media_id: str,
        *,
        filename: str | None,
        tags: tuple[str, ...] | None,
        now: datetime,
    ) -> MediaItem | None:
        current = self.items.get((owner, media_id))
        if current is None or current.deleting_since is not None:
            return None
        updated = replace(
            current,
            filename=current.filename if filename is None else filename,
            tags=current.tags if tags is None else tags,
            updated_at=now,
        )
        self.items[(owner, media_id)] = updated
        return updated

    def claim(self, owner: str, media_id: str, *, now: datetime, lease_until: datetime) -> MediaItem | None:
        # The arrival first, as DynamoDB tries it: only it counts in the owner's usage.
        arriving = self._guarded(owner, media_id, CLAIM_ARRIVAL, now=now)
        item = arriving or self._guarded(owner, media_id, CLAIM_AGAIN, now=now)
        if item is None:
            return None
        status = (CLAIM_AGAIN if arriving is None else CLAIM_ARRIVAL).target(MediaStatus.PROCESSING)
        event = claim_event(item, arriving=arriving is not None)
        claimed = recorded(
            replace(
                item,
                status=status,
                attempt=item.attempt + 1,
                lease_expires_at=lease_until,
                updated_at=now,
                expires_at=None,
                error=None,
            ),
            entry(item, event, at=now, status=status, attempt=item.attempt + 1),
        )
        self.items[(owner, media_id)] = claimed
        if arriving is not None:
            self._count(item, arrival(item))
        return claimed

    def complete(
        self, item: MediaItem, outcome: Outcome, *, now: datetime, compute: Compute | None = None
    ) -> bool:
        current = self._guarded(item.owner, item.id, COMPLETE, now=now, attempt=item.attempt)
        if current is None:
            return False
        if isinstance(outcome, Processed):
            # As DynamoDB's SET: a blurhash or colour the outcome lacks leaves the stored one alone.
            done = replace(
                current,
                status=COMPLETE.target(MediaStatus.READY),
                variants=outcome.variants,
                metadata=outcome.metadata,
                blurhash=_set_unless_none(outcome.blurhash, current.blurhash),
                dominant_color=_set_unless_none(outcome.dominant_color, current.dominant_color),
                error=None,
            )
        else:
            done = replace(current, status=COMPLETE.target(outcome.status), error=outcome.error)
        finished = entry(
            current,
            Event.FINISHED,
            at=now,
            status=done.status,
            attempt=current.attempt,
            code=done.error.code if done.error else None,
            detail=finished_detail(outcome),
        )
        self.items[(item.owner, item.id)] = recorded(
            replace(done, updated_at=now, lease_expires_at=None), finished
        )
        outputs = replaced_outputs(current, outcome)
        self._count(current, attempt(compute or Compute(ms=0, memory_mb=0), outputs))
        return True

    def release(self, item: MediaItem, *, now: datetime, code: ErrorCode | None = None) -> None:
        current = self._guarded(item.owner, item.id, RELEASE, now=now, attempt=item.attempt)
        if current is not None:
            released = entry(
                current, Event.RELEASED, at=now, status=current.status, attempt=current.attempt, code=code
            )
            self.items[(item.owner, item.id)] = recorded(replace(current, lease_expires_at=now), released)

    def reopen(
        self, owner: str, media_id: str, *, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        return self._requeue(owner, media_id, REOPEN, Event.REOPENED, now=now, audit=audit)

    def reprocess(
        self, owner: str, media_id: str, *, preset: str, now: datetime, audit: AuditEntry | None = None
    ) -> MediaItem | None:
        return self._requeue(
            owner, media_id, REPROCESS, Event.REPROCESSED, now=now, audit=audit, preset=preset
        )

    def _requeue(
        self,
        owner: str,
        media_id: str,
        guard: Guard,
        event: Event,
        *,
        now: datetime,
        audit: AuditEntry | None,
        preset: str | None = None,
    ) -> MediaItem | None:
        current = self._guarded(owner, media_id, guard, now=now)
        if current is None:
            return None
        status = guard.target(MediaStatus.PROCESSING)
        requeued = recorded(
            replace(
                current,
                status=status,
                lease_expires_at=now,
                updated_at=now,
                preset=preset if preset is not None else current.preset,
            ),
            entry(current, event, at=now, status=status, attempt=current.attempt, detail=preset or ""),
        )
        self.items[(owner, media_id)] = requeued
        if audit is not None:
            self.record_audit(audit)
        return requeued

    def mark_uploaded(self, owner: str, media_id: str, *, now: datetime) -> bool:
        current = self._guarded(owner, media_id, MARK_UPLOADED)
        if current is None:
            return False
        uploaded = entry(current, Event.UPLOADED, at=now, status=current.status, attempt=current.attempt)
        self.items[(owner, media_id)] = recorded(replace(current, expires_at=None), uploaded)
        return True

    def abandon(self, owner: str, media_id: str, error: ItemError, *, now: datetime) -> bool:
        current = self._guarded(owner, media_id, ABANDON, now=now)
        if current is None:
            return False
        status = ABANDON.target(MediaStatus.FAILED)
        abandoned = entry(
            current,
            Event.ABANDONED,
            at=now,
            status=status,
            attempt=current.attempt,
            code=error.code,
            detail=error.message,
        )
        self.items[(owner, media_id)] = recorded(
            replace(
                current, status=status, error=error, updated_at=now, lease_expires_at=None, expires_at=None
            ),
            abandoned,
        )
        return True

    def begin_delete(self, owner: str, media_id: str, *, now: datetime) -> MediaItem | None:
        current = self.get(owner, media_id)
        if current is None:
            return None
        marked = replace(current, deleting_since=current.deleting_since or now, expires_at=None)
        self.items[(owner, media_id)] = marked
        return marked

    def delete(self, owner: str, media_id: str, *, audit: AuditEntry | None = None) -> MediaItem | None:
        removed = self.items.pop((owner, media_id), None)
        if removed is not None:
            self._count(removed, removal(removed))
            if audit is not None:
                self.record_audit(audit)
        return removed

    def record_audit(self, entry: AuditEntry) -> None:
        if (entry.owner, entry.id) in self.audits:
            raise ValueError("exists")
        self.audits[(entry.owner, entry.id)] = entry

    def audit_log(self, owner: str, *, limit: int, after: str | None) -> AuditPage:
        entries = sorted(
            (e for (o, _), e in self.audits.items() if o == owner), key=lambda e: e.id, reverse=True
        )
        if after is not None:
            start = decode_cursor(after)
            entries = [e for e in entries if e.id < start]
        page = entries[:limit]
        more = len(entries) > limit
        return AuditPage(entries=page, end_cursor=encode_cursor(page[-1].id) if more and page else None)


def _set_unless_none(new: str | None, stored: str | None) -> str | None:
    return stored if new is None else new


class InMemoryStorage:
    def __init__(self) -> None:
        self.originals: dict[str, bytes] = {}
        self.outputs: dict[str, tuple[bytes, str]] = {}
        self.kept: set[str] = set()  # originals taken off the unclaimed-stray rule
        # Unfinished multipart uploads: UploadId -> (key, part number -> bytes).
        self.multipart: dict[str, tuple[str, dict[int, bytes]]] = {}
        self.fail_writes = False
        self.fail_deletes = False

    def presign_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int
    ) -> PresignedUpload:
        return PresignedUpload(
            url="https://uploads.example/",
            fields={"key": key, "Content-Type": content_type, "max": str(max_bytes)},
            expires_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=expires_in),
        )

    def delete_media(self, owner: str, media_id: str) -> None:
        if self.fail_deletes:
            raise ConnectionError("storage unavailable")
        self.originals.pop(keys.original_key(owner, media_id), None)
        self.delete_outputs(owner, media_id)

    def start_multipart(self, key: str, *, content_type: str) -> str:
        upload_id = f"upload-{len(self.multipart) + 1}"
        self.multipart[upload_id] = (key, {})
        return upload_id

    def presign_part(self, key: str, upload_id: str, part_number: int, *, expires_in: int) -> str:
        return f"https://uploads.example/{key}?uploadId={upload_id}&partNumber={part_number}"

    def put_part(self, upload_id: str, number: int, data: bytes) -> str:
        """What a client's PUT to a part URL does; the part's ETag."""
        etag = f'"{hashlib.md5(data).hexdigest()}"'  # noqa: S324 - S3's part ETag is an MD5
        self.multipart[upload_id][1][number] = data
        return etag

    def uploaded_parts(self, key: str, upload_id: str) -> list[UploadedPart]:
        if upload_id not in self.multipart:
            raise UploadGone(upload_id)
        parts = self.multipart[upload_id][1]
        return [
            UploadedPart(n, f'"{hashlib.md5(data).hexdigest()}"', len(data))  # noqa: S324
            for n, data in sorted(parts.items())
        ]

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None:
        if upload_id not in self.multipart:
            raise UploadGone(upload_id)
        held = self.multipart.pop(upload_id)[1]
        self.originals[key] = b"".join(held[part.number] for part in parts)

    def abort_multipart(self, key: str, upload_id: str) -> None:
        self.multipart.pop(upload_id, None)

    def head_original(self, key: str) -> StoredObject | None:
        data = self.originals.get(key)
        return None if data is None else StoredObject(size=len(data), content_type=None, etag="etag")

    def download_original(self, key: str, target: BinaryIO, etag: str | None = None) -> None:
        target.write(self.originals[key])

    def keep_original(self, key: str) -> None:
        self.kept.add(key)

    def delete_original(self, key: str) -> None:
        self.originals.pop(key, None)

    def write_output(self, key: str, data: bytes | Path, content_type: str) -> None:
        if self.fail_writes:
            raise ConnectionError("storage unavailable")
        self.outputs[key] = (data.read_bytes() if isinstance(data, Path) else data, content_type)

    def delete_outputs(self, owner: str, media_id: str) -> None:
        self.delete_output_folder(keys.media_prefix(owner, media_id))

    def delete_output_folder(self, prefix: str) -> None:
        self.delete_output_keys([k for k in self.outputs if k.startswith(prefix)])

    def delete_output_keys(self, output_keys: Sequence[str]) -> None:
        for key in output_keys:
            self.outputs.pop(key, None)


class InMemoryQueue:
    def __init__(self) -> None:
        self.jobs: list[Job] = []
        self.fail = False

    def enqueue(self, job: Job) -> None:
        if self.fail:
            raise ConnectionError("queue unavailable")
        self.jobs.append(job)


class InMemoryDeadLetters:
    """A dead-letter queue's bodies; peeking leaves them all there, as the real one does."""

    def __init__(self, bodies: Sequence[str] = ()) -> None:
        self.bodies = list(bodies)

    def peek(self, *, limit: int) -> list[str]:
        return self.bodies[:limit]


class RecordingCdn:
    """Remembers every invalidation; `fail` makes the next ones raise, as a throttled CloudFront does."""

    def __init__(self) -> None:
        self.invalidated: list[list[str]] = []
        self.fail = False

    def invalidate(self, paths: Sequence[str]) -> None:
        if self.fail:
            raise ConnectionError("too many invalidations in progress")
        self.invalidated.append(list(paths))


class FixedBudget:
    """`units` per key and never more (no refill): each refusal says to wait `wait_s`."""

    def __init__(self, units: int, wait_s: float = 7.5) -> None:
        self.units = units
        self.wait_s = wait_s
        self.spent: dict[str, int] = {}

    def spend(self, key: str, cost: int = 1) -> float | None:
        if self.spent.get(key, 0) + cost > self.units:
            return self.wait_s
        self.spent[key] = self.spent.get(key, 0) + cost
        return None


class FakeSigner:
    """Not a signature: the URL with its expiry, so tests can see which URL was signed until when."""

    def sign(self, url: str, expires_at: datetime, scope: str | None = None) -> str:
        proof = {"Expires": int(expires_at.timestamp()), "Signature": "fake"}
        return f"{url}?{urlencode(proof | ({'Scope': scope} if scope else {}))}"


def fake_links(clock: FakeClock | None = None, *, ttl_s: int = 3600) -> MediaLinks:
    return MediaLinks("https://cdn.example", FakeSigner(), ttl_s=ttl_s, clock=clock or FakeClock())


# mypy checks that the fakes still satisfy the ports.
_repository: MediaRepository = InMemoryRepository()
_upload_storage: UploadStorage = InMemoryStorage()
_processing_storage: ProcessingStorage = InMemoryStorage()
_queue: JobQueue = InMemoryQueue()
_dead_letters: DeadLetters = InMemoryDeadLetters()
_cdn: CdnInvalidator = RecordingCdn()
_signer: UrlSigner = FakeSigner()
_budget: Budget = FixedBudget(1)


def in_memory_service(
    repository: InMemoryRepository,
    *,
    storage: InMemoryStorage | None = None,
    queue: InMemoryQueue | None = None,
    cdn: RecordingCdn | None = None,
    clock: FakeClock | None = None,
    max_image_bytes: int = 10_000,
    quota: Quota | None = None,
    work: Budget | None = None,
    audit: AuditRetention | None = None,
) -> MediaService:
    """The API's service over in-memory adapters: JPEG and PNG accepted, sequential ULID-shaped ids."""
    counter = itertools.count(1)
    policy = UploadPolicy(
        allowed_types=frozenset({"image/jpeg", "image/png"}),
        limits=Limits(max_image_bytes=max_image_bytes),
        presets=BUILTIN_PRESETS,
        default_preset="default",
        url_expires_s=300,
        quota=quota,
    )
    return MediaService(
        repository,
        storage or InMemoryStorage(),
        queue or InMemoryQueue(),
        policy,
        cdn=cdn or RecordingCdn(),
        clock=clock or FakeClock(),
        new_id=lambda: f"01JD2W3X4Y5Z6A7B8C9D0{next(counter):05d}",
        work=work,
        audit=audit,
    )


class InMemoryConnections:
    """The realtime table (app/domain/live.py's ConnectionStore) in a dict."""

    def __init__(self) -> None:
        self.connections: dict[str, Connection] = {}
        self.subscriptions: dict[tuple[str, str], LiveSubscription] = {}

    def open(self, connection_id: str, *, now: datetime) -> None:
        self.connections[connection_id] = Connection(connection_id, None)

    def get(self, connection_id: str) -> Connection | None:
        return self.connections.get(connection_id)

    def accept(self, connection_id: str, owner: str) -> bool:
        current = self.connections.get(connection_id)
        if current is None or current.owner is not None:
            return False
        self.connections[connection_id] = Connection(connection_id, owner)
        return True

    def add(self, subscription: LiveSubscription, *, now: datetime) -> bool:
        key = (subscription.connection_id, subscription.id)
        if key in self.subscriptions:
            return False
        self.subscriptions[key] = subscription
        return True

    def remove(self, connection_id: str, subscription_id: str) -> None:
        self.subscriptions.pop((connection_id, subscription_id), None)

    def close(self, connection_id: str) -> None:
        self.connections.pop(connection_id, None)
        for key in [k for k in self.subscriptions if k[0] == connection_id]:
            del self.subscriptions[key]

    def following(self, owner: str) -> list[LiveSubscription]:
        return [s for s in self.subscriptions.values() if s.owner == owner]


class RecordingPush:
    """The @connections API: what was sent to and closed on each connection; `gone` ones answer 410."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.closed: list[tuple[str, int, str]] = []
        self.gone: set[str] = set()

    def send(self, connection_id: str, message: dict[str, Any]) -> bool:
        if connection_id in self.gone:
            return False
        self.sent.append((connection_id, message))
        return True

    def disconnect(self, connection_id: str, code: int, reason: str) -> None:
        self.closed.append((connection_id, code, reason))

    def to(self, connection_id: str) -> list[dict[str, Any]]:
        return [message for target, message in self.sent if target == connection_id]
