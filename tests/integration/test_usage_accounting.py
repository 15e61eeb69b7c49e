"""Usage accounting through the repository's transitions, on DynamoDB (the emulator) and on the
in-memory fake alike: the same scenario, the same numbers, so the fake cannot drift. Duplicate and
late events count nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain.errors import ErrorCode
from app.domain.models import ItemError, MediaItem, MediaKind, MediaStatus, Processed, Refused, Variant
from app.domain.ports import MediaRepository
from app.domain.usage import Compute, KindUsage
from tests.factories import media_item
from tests.fakes import InMemoryRepository
from tests.integration.conftest import Emulator

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = T0 + timedelta(minutes=2)
_ids = iter(range(20_000, 99_999))


@pytest.fixture(params=["dynamodb", "in-memory"])
def repo(request: pytest.FixtureRequest, emulator: Emulator) -> Iterator[MediaRepository]:
    if request.param == "dynamodb":
        yield DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))
    else:
        yield InMemoryRepository()


def _new(owner: str, size: int, kind: MediaKind = MediaKind.IMAGE) -> MediaItem:
    return media_item(owner=owner, id=f"01JD2W3X4Y5Z6A7B8C9D{next(_ids):06d}", size=size, kind=kind)


def _ready(key_prefix: str, *sizes: int) -> Processed:
    variants = tuple(
        Variant(f"v{n}", "webp", 10, 10, size, f"{key_prefix}/v{n}.webp", "image/webp")
        for n, size in enumerate(sizes)
    )
    return Processed(variants=variants, metadata={}, blurhash=None, dominant_color=None)


def test_an_item_counts_once_on_arrival_outputs_on_ready_and_nothing_after_delete(
    repo: MediaRepository,
) -> None:
    owner = f"usage-{next(_ids)}"
    item = _new(owner, size=1000)
    repo.create(item)
    # GIVEN an upload that has not arrived: it counts nothing
    assert repo.usage(owner).total() == KindUsage()
    # WHEN it arrives (and its event arrives twice)
    claimed = repo.claim(owner, item.id, now=T0, lease_until=LEASE)
    assert claimed is not None
    assert repo.claim(owner, item.id, now=T0, lease_until=LEASE) is None
    assert repo.usage(owner).total() == KindUsage(items=1, original_bytes=1000)
    # AND it ends READY with two outputs after 250 ms on a 1536 MB function (and a late duplicate)
    compute = Compute(ms=250, memory_mb=1536)
    assert repo.complete(claimed, _ready(f"media/{owner}", 300, 200), now=T0, compute=compute)
    assert not repo.complete(claimed, _ready(f"media/{owner}", 300, 200), now=T0, compute=compute)
    expected = KindUsage(
        items=1, original_bytes=1000, output_bytes=500, compute_ms=250, compute_mb_ms=384_000
    )
    assert repo.usage(owner).by_kind == {MediaKind.IMAGE: expected}
    # WHEN it is deleted, twice THEN what it stored is taken back once; compute stays spent
    assert repo.delete(owner, item.id) is not None
    assert repo.delete(owner, item.id) is None
    assert repo.usage(owner).total() == KindUsage(compute_ms=250, compute_mb_ms=384_000)


def test_a_rejected_attempt_counts_compute_only_and_kinds_stay_apart(repo: MediaRepository) -> None:
    owner = f"usage-{next(_ids)}"
    song, photo = _new(owner, 5000, MediaKind.AUDIO), _new(owner, 70)
    for created in (song, photo):
        repo.create(created)
    claimed = repo.claim(owner, song.id, now=T0, lease_until=LEASE)
    assert claimed is not None
    refused = Refused(MediaStatus.REJECTED, ItemError(ErrorCode.CORRUPT, "The file could not be decoded."))
    assert repo.complete(claimed, refused, now=T0, compute=Compute(ms=40, memory_mb=1024))
    usage = repo.usage(owner)
    assert usage.by_kind == {
        MediaKind.AUDIO: KindUsage(items=1, original_bytes=5000, compute_ms=40, compute_mb_ms=40_960)
    }
    # the photo never arrived: deleting it takes back nothing
    assert repo.delete(owner, photo.id) is not None
    assert repo.usage(owner) == usage


def test_owners_have_their_own_usage(repo: MediaRepository) -> None:
    a, b = f"usage-a-{next(_ids)}", f"usage-b-{next(_ids)}"
    item = _new(a, 10)
    repo.create(item)
    repo.claim(a, item.id, now=T0, lease_until=LEASE)
    assert repo.usage(a).total().items == 1
    assert repo.usage(b).total() == KindUsage()
