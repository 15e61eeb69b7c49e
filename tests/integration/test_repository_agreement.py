"""The in-memory repository (tests/fakes.py) and DynamoDB's agree on every write from every state.

Both judge a write by the same guard (app/domain/status.py), one rendered into a ConditionExpression,
one evaluated in Python; what each write then sets is still written twice. So for every state an
item can be in (with the variants the guards look at: lease live or lapsed, TTL set or cleared, why
it failed, deletion begun or not) and every write (with the caller's attempt or a stale one), the
same item goes into both, the same write runs on both, and both must answer alike and store the
same item (its history too: each write records its event, or nothing when refused) and the same
usage afterwards. Each case also answers as its guard says it should, so the
two cannot agree on a wrong rule either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain.audit import AuditAction, AuditEntry, AuditRetention
from app.domain.errors import ErrorCode
from app.domain.history import Event
from app.domain.models import ItemError, MediaItem, MediaStatus, Processed, Refused, Variant
from app.domain.ports import MediaRepository
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
from app.domain.usage import Compute
from tests.factories import media_item
from tests.fakes import InMemoryRepository
from tests.integration.conftest import Emulator

# Whole seconds: DynamoDB keeps leases and TTLs in epoch seconds and times in milliseconds, so any
# finer instant would differ by storage alone, not by rule.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
BEFORE = NOW - timedelta(hours=1)
S = MediaStatus

VARIANT = Variant("thumb", "webp", 64, 48, 1234, "media/o/i/thumb.webp", "image/webp")

# name -> how the item stands before the write (attempt 1 for every item that was ever claimed).
STATES: dict[str, dict[str, Any]] = {
    "awaiting-ttl": {"expires_at": NOW + timedelta(days=1)},
    "awaiting-ttl_cleared": {},
    "processing-lease_live": {
        "status": S.PROCESSING,
        "attempt": 1,
        "lease_expires_at": NOW + timedelta(seconds=60),
    },
    "processing-lease_lapsed": {
        "status": S.PROCESSING,
        "attempt": 1,
        "lease_expires_at": NOW - timedelta(seconds=1),
    },
    "processing-lease_ends_now": {"status": S.PROCESSING, "attempt": 1, "lease_expires_at": NOW},
    "failed-retries_exhausted": {
        "status": S.FAILED,
        "attempt": 1,
        "error": ItemError(ErrorCode.RETRIES_EXHAUSTED, "gave up"),
    },
    "failed-timeout": {"status": S.FAILED, "attempt": 1, "error": ItemError(ErrorCode.TIMEOUT, "too slow")},
    "ready": {
        "status": S.READY,
        "attempt": 1,
        "variants": (VARIANT,),
        "metadata": {"width": 64},
        "blurhash": "LKO2?U%2Tw=w",
        "dominant_color": "#336699",
    },
    "rejected": {"status": S.REJECTED, "attempt": 1, "error": ItemError(ErrorCode.CORRUPT, "not an image")},
    "rejected-by_a_limit": {
        "status": S.REJECTED,
        "attempt": 1,
        "error": ItemError(ErrorCode.TOO_LONG, "long"),
    },
    # Reprocessing: held by its attempt, its old outputs still listed (a READY completion replaces them).
    "processing-with_old_outputs": {
        "status": S.PROCESSING,
        "attempt": 1,
        "lease_expires_at": NOW + timedelta(seconds=60),
        "variants": (Variant("w640", "webp", 640, 480, 999, "media/o/i/w640-old.webp", "image/webp"),),
    },
}
DELETING = {"live": {}, "deleting": {"deleting_since": BEFORE}}

DONE = Processed(variants=(VARIANT,), metadata={"width": 64, "height": 48}, dominant_color="#112233")
GAVE_UP = Refused(S.FAILED, ItemError(ErrorCode.TIMEOUT, "too slow"))
EXHAUSTED = ItemError(ErrorCode.RETRIES_EXHAUSTED, "its job is in the dead-letter queue")
SPENT = Compute(ms=1500, memory_mb=2048)
# release sets the lease to its `now`: one no state's lease has, so an applied release always shows.
RELEASED_AT = NOW - timedelta(seconds=30)


@dataclass(frozen=True)
class Write:
    """A repository write, and the guard that should decide it (none: no status rule applies)."""

    run: Callable[[MediaRepository, MediaItem], object]
    guard: Callable[[MediaItem], Guard | None]
    attempt: Callable[[MediaItem], int | None] = lambda item: None


def _claim_guard(item: MediaItem) -> Guard:
    return CLAIM_ARRIVAL if CLAIM_ARRIVAL.admits(item, now=NOW) else CLAIM_AGAIN


def _audit(item: MediaItem, action: AuditAction) -> AuditEntry:
    """The entry an audited write records with itself (one per case: each case has its own owner)."""
    return AuditRetention().entry(
        owner=item.owner,
        id="01JD2W3X4Y5Z6A7B8C9D0EFGHJ",
        at=NOW,
        action=action,
        media_id=item.id,
        who=item.owner,
    )


def _stale(item: MediaItem) -> MediaItem:
    """The item as an earlier attempt's worker still holds it."""
    return replace(item, attempt=item.attempt - 1)


WRITES: dict[str, Write] = {
    "claim": Write(
        lambda r, i: r.claim(i.owner, i.id, now=NOW, lease_until=NOW + timedelta(seconds=120)), _claim_guard
    ),
    "complete_ready-same_attempt": Write(
        lambda r, i: r.complete(i, DONE, now=NOW, compute=SPENT), lambda i: COMPLETE, lambda i: i.attempt
    ),
    "complete_ready-other_attempt": Write(
        lambda r, i: r.complete(_stale(i), DONE, now=NOW, compute=SPENT),
        lambda i: COMPLETE,
        lambda i: i.attempt - 1,
    ),
    "complete_failed-same_attempt": Write(
        lambda r, i: r.complete(i, GAVE_UP, now=NOW, compute=SPENT), lambda i: COMPLETE, lambda i: i.attempt
    ),
    "complete_failed-other_attempt": Write(
        lambda r, i: r.complete(_stale(i), GAVE_UP, now=NOW), lambda i: COMPLETE, lambda i: i.attempt - 1
    ),
    "release-same_attempt": Write(
        lambda r, i: r.release(i, now=RELEASED_AT, code=ErrorCode.UNAVAILABLE),
        lambda i: RELEASE,
        lambda i: i.attempt,
    ),
    "release-other_attempt": Write(
        lambda r, i: r.release(_stale(i), now=RELEASED_AT), lambda i: RELEASE, lambda i: i.attempt - 1
    ),
    "reopen": Write(lambda r, i: r.reopen(i.owner, i.id, now=NOW), lambda i: REOPEN),
    "reopen_audited": Write(
        lambda r, i: r.reopen(i.owner, i.id, now=NOW, audit=_audit(i, AuditAction.RETRY)), lambda i: REOPEN
    ),
    "reprocess_audited": Write(
        lambda r, i: r.reprocess(
            i.owner, i.id, preset="thumbnail", now=NOW, audit=_audit(i, AuditAction.REPROCESS)
        ),
        lambda i: REPROCESS,
    ),
    "delete_audited": Write(
        lambda r, i: r.delete(i.owner, i.id, audit=_audit(i, AuditAction.DELETE)), lambda i: None
    ),
    "mark_uploaded": Write(lambda r, i: r.mark_uploaded(i.owner, i.id, now=NOW), lambda i: MARK_UPLOADED),
    "abandon": Write(lambda r, i: r.abandon(i.owner, i.id, EXHAUSTED, now=NOW), lambda i: ABANDON),
    "begin_delete": Write(lambda r, i: r.begin_delete(i.owner, i.id, now=NOW), lambda i: None),
}

CASES = [
    pytest.param(state, deleting, write, id=f"{write}-from-{state}-{deleting}")
    for write in WRITES
    for state in STATES
    for deleting in DELETING
]


@pytest.fixture(scope="module")
def dynamo(emulator: Emulator) -> DynamoMediaRepository:
    return DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))


def _applied(answer: object, before: MediaItem, after: MediaItem | None) -> bool:
    """Whether a write applied: its answer says so, or (release answers nothing) the item changed."""
    return (answer is not None and answer is not False) or after != before


@pytest.mark.parametrize(("state", "deleting", "write"), CASES)
def test_the_fake_and_dynamodb_agree(
    dynamo: DynamoMediaRepository, state: str, deleting: str, write: str
) -> None:
    # GIVEN the same item in both, under an owner of its own (so its usage is this case's alone)
    owner = f"agree-{write}-{state}-{deleting}"
    before = media_item(
        owner=owner, created_at=BEFORE, updated_at=BEFORE, size=4096, **STATES[state], **DELETING[deleting]
    )
    fake = InMemoryRepository()
    fake.create(before)
    dynamo.create(before)
    # what follows differs by rule, not by storage; both recorded the creation alike
    created = dynamo.get(owner, before.id)
    assert (
        created == fake.get(owner, before.id) == replace(before, history=created.history if created else ())
    )
    assert created is not None and [e.event for e in created.history] == [Event.CREATED]

    # WHEN the same write runs on both
    operation = WRITES[write]
    from_fake = operation.run(fake, before)
    from_dynamo = operation.run(dynamo, before)

    # THEN they answer alike and store the same item and usage, field by field
    assert from_fake == from_dynamo
    after = dynamo.get(owner, before.id)
    assert fake.get(owner, before.id) == after
    assert dict(fake.usage(owner).by_kind) == dict(dynamo.usage(owner).by_kind)
    # AND the same audit entries: an audited write's entry exactly when the write applied
    audited = fake.audit_log(owner, limit=10, after=None)
    assert audited == dynamo.audit_log(owner, limit=10, after=None)
    if write.endswith("_audited"):
        assert len(audited.entries) == (1 if _applied(from_dynamo, created, after) else 0)

    # AND the answer is the guard's: applied exactly when the domain's rule admits the item
    guard = operation.guard(before)
    if guard is not None:
        attempt = operation.attempt(before)
        admitted = before.deleting_since is None and guard.admits(before, now=NOW, attempt=attempt)
        assert _applied(from_dynamo, created, after) is admitted
        # AND an applied write added exactly one event to the history, a refused one none
        assert after is not None
        assert len(after.history) == len(created.history) + admitted
