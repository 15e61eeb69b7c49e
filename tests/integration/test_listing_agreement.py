"""mediaList's filters, search and orders on DynamoDB (app/adapters/media_listing.py: an index per
order, filters on it) and in the in-memory repository agree with each other and with the rule
written out here, page by page; renames and tags move items in those lists at once."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from app.adapters import media_listing
from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.ids import new_media_id
from app.domain.errors import InvalidRequest
from app.domain.listing import MediaQuery, MediaSort, name_key
from app.domain.models import MediaItem, MediaKind, MediaStatus
from app.domain.ports import MediaRepository
from tests.factories import media_item
from tests.fakes import InMemoryRepository
from tests.integration.conftest import Emulator

K, S = MediaKind, MediaStatus
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# (filename, kind, status, size, tags): distinct names and sizes, so every order is total.
ITEMS = [
    ("Beach.jpg", K.IMAGE, S.READY, 2_000, ("holiday", "sea")),
    ("alps-panorama.jpg", K.IMAGE, S.READY, 9_000_000, ("holiday",)),
    ("cat.png", K.IMAGE, S.REJECTED, 150, ()),
    ("Dinner party.mov", K.VIDEO, S.READY, 48_000_000, ("family",)),
    ("drone-over-sea.mp4", K.VIDEO, S.PROCESSING, 120_000_000, ("holiday", "sea")),
    ("élan.mp3", K.AUDIO, S.READY, 3_100_000, ("music",)),
    ("voice memo.m4a", K.AUDIO, S.FAILED, 800_000, ()),
    ("zebra.webp", K.IMAGE, S.AWAITING_UPLOAD, 70_000, ("zoo",)),
    ("ZOO tour.mp4", K.VIDEO, S.READY, 55_000_000, ("zoo", "family")),
    ("beach-2.jpg", K.IMAGE, S.READY, 2_100, ("sea",)),
]
QUERIES = [
    MediaQuery(sort=sort, status=status, kind=kind, tag=tag, search=search)
    for sort in MediaSort
    for status, kind, tag, search in [
        (None, None, None, None),
        (S.READY, None, None, None),
        (None, K.VIDEO, None, None),
        (S.READY, K.IMAGE, None, None),
        (None, None, "sea", None),
        (None, None, None, "beach"),
        (S.READY, None, "holiday", "a"),
        (None, K.AUDIO, None, "zzz"),
    ]
]


def expected(items: list[MediaItem], query: MediaQuery) -> list[str]:
    """The rule, written out: every filter matches; by id (time), name without case, or size."""
    kept = [
        i
        for i in items
        if query.status in {None, i.status}
        and query.kind in {None, i.kind}
        and (query.tag is None or query.tag in i.tags)
        and (query.search is None or query.search in i.filename.casefold())
    ]
    if query.sort in {MediaSort.NAME, MediaSort.NAME_DESC}:
        kept.sort(key=lambda i: i.filename.casefold())
    elif query.sort in {MediaSort.LARGEST, MediaSort.SMALLEST}:
        kept.sort(key=lambda i: i.size)
    else:
        kept.sort(key=lambda i: i.id)
    ascending = query.sort in {MediaSort.OLDEST, MediaSort.NAME, MediaSort.SMALLEST}
    return [i.id for i in (kept if ascending else kept[::-1])]


def all_pages(repo: MediaRepository, owner: str, query: MediaQuery, size: int = 3) -> list[str]:
    seen: list[str] = []
    after = None
    for _ in range(40):
        page = repo.list(owner, limit=size, after=after, query=query)
        seen += [i.id for i in page.items]
        if page.end_cursor is None:
            return seen
        after = page.end_cursor
    raise AssertionError("the pages never end")


@pytest.fixture(scope="module")
def stocked(emulator: Emulator) -> tuple[list[MediaItem], list[MediaRepository], str]:
    owner = f"lister-{new_media_id()}"
    items = [
        media_item(
            owner=owner,
            id=new_media_id(),
            filename=name,
            kind=kind,
            status=status,
            size=size,
            tags=tags,
            created_at=NOW + timedelta(seconds=n),
            updated_at=NOW + timedelta(seconds=n),
        )
        for n, (name, kind, status, size, tags) in enumerate(ITEMS)
    ]
    repos: list[MediaRepository] = [
        DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb")),
        InMemoryRepository(),
    ]
    for repo, item in itertools.product(repos, items):
        repo.create(item)
    # One being deleted, which no list shows.
    gone = media_item(owner=owner, id=new_media_id(), filename="beach-gone.jpg", status=S.READY, size=5)
    for repo in repos:
        repo.create(gone)
        repo.begin_delete(owner, gone.id, now=NOW)
    return items, repos, owner


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.sort}-{q.status}-{q.kind}-{q.tag}-{q.search}")
def test_each_list_is_the_rule_on_both_repositories_page_by_page(
    stocked: tuple[list[MediaItem], list[MediaRepository], str], query: MediaQuery
) -> None:
    items, repos, owner = stocked
    for repo in repos:
        assert all_pages(repo, owner, query) == expected(items, query), type(repo).__name__


def test_a_cursor_of_another_order_is_refused(
    stocked: tuple[list[MediaItem], list[MediaRepository], str],
) -> None:
    _, repos, owner = stocked
    for repo in repos:
        by_name = repo.list(owner, limit=2, after=None, query=MediaQuery(sort=MediaSort.NAME))
        assert by_name.end_cursor is not None
        with pytest.raises(InvalidRequest):
            repo.list(owner, limit=2, after=by_name.end_cursor, query=MediaQuery())
        by_date = repo.list(owner, limit=2, after=None, query=MediaQuery())
        assert by_date.end_cursor is not None
        with pytest.raises(InvalidRequest):
            repo.list(owner, limit=2, after=by_date.end_cursor, query=MediaQuery(sort=MediaSort.LARGEST))


def test_a_rename_and_new_tags_move_the_item_in_the_lists(emulator: Emulator) -> None:
    owner = f"renamer-{new_media_id()}"
    dynamo = DynamoMediaRepository(emulator.resources.table_name, emulator.aws("dynamodb"))
    for repo in (dynamo, InMemoryRepository()):
        first = repo.create(media_item(owner=owner, id=new_media_id(), filename="b.jpg", status=S.READY))
        second = repo.create(media_item(owner=owner, id=new_media_id(), filename="c.jpg", status=S.READY))
        renamed = repo.update_details(owner, second.id, filename="A.jpg", tags=("new",), now=NOW)
        assert renamed is not None
        assert (renamed.filename, renamed.tags, renamed.updated_at) == ("A.jpg", ("new",), NOW)
        assert renamed == replace(second, filename="A.jpg", tags=("new",), updated_at=NOW)
        names = repo.list(owner, limit=5, after=None, query=MediaQuery(sort=MediaSort.NAME))
        assert [i.filename for i in names.items] == ["A.jpg", "b.jpg"]
        tagged = repo.list(owner, limit=5, after=None, query=MediaQuery(tag="new"))
        assert [i.id for i in tagged.items] == [second.id]
        found = repo.list(owner, limit=5, after=None, query=MediaQuery(search=name_key("a.J")))
        assert [i.id for i in found.items] == [second.id]
        # Tags only, then none: the name stays; an empty list clears them.
        cleared = repo.update_details(owner, second.id, filename=None, tags=(), now=NOW)
        assert cleared is not None and (cleared.filename, cleared.tags) == ("A.jpg", ())
        # A deleting item is frozen: no rename.
        repo.begin_delete(owner, first.id, now=NOW)
        assert repo.update_details(owner, first.id, filename="x.jpg", tags=None, now=NOW) is None
        assert repo.update_details(owner, new_media_id(), filename="x.jpg", tags=None, now=NOW) is None


def test_a_read_that_stops_short_answers_what_it_found_and_goes_on_from_there(
    stocked: tuple[list[MediaItem], list[MediaRepository], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a repository that reads two items per Query (a page of one) and two Queries per request
    items, (dynamo, _), owner = stocked
    monkeypatch.setattr(media_listing, "FILTERED_STEP", 2)
    monkeypatch.setattr(media_listing, "MAX_READS", 2)
    query = MediaQuery(tag="zoo", sort=MediaSort.NAME)  # the last two names of eleven
    # WHEN it is read THEN the first page is empty, yet says more follows, and following the
    # pages finds exactly the list
    first = dynamo.list(owner, limit=1, after=None, query=query)
    assert first.items == [] and first.end_cursor is not None
    assert all_pages(dynamo, owner, query, size=1) == expected(items, query)
