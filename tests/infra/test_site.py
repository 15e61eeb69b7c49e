"""What the frontend bucket tells browsers to keep (pulumi/infra/components/site.py)."""

from __future__ import annotations

from app.graphql.playground import SCRIPT, STYLE
from infra.components.site import IMMUTABLE, NO_CACHE, cache_control


def test_hashed_assets_are_immutable_and_the_pages_revalidated() -> None:
    assert cache_control("assets/index-BjkJSYjd.js") == IMMUTABLE
    assert cache_control("index.html") == NO_CACHE
    assert cache_control("config.json") == NO_CACHE


def test_the_playground_entries_the_api_page_names_are_revalidated() -> None:
    # Fixed names that change with each build: immutable would keep a stale playground for a year.
    for path in (SCRIPT, STYLE):
        assert cache_control(path.lstrip("/")) == NO_CACHE
