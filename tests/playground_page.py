"""Reading the playground page as a browser would: what its script and link tags load, and the
config blob the playground reads (ui/src/playground/config.ts)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from app.graphql.playground import CONFIG_ELEMENT_ID


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.config: str | None = None
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and found.get("src"):
            self.loads.append(found["src"] or "")
        if tag == "link" and found.get("href"):
            self.loads.append(found["href"] or "")
        self._in_config = tag == "script" and found.get("id") == CONFIG_ELEMENT_ID

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = (self.config or "") + data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def loaded_urls(html: str) -> list[str]:
    """Every URL a script or link tag of the page loads."""
    page = _Page()
    page.feed(html)
    return page.loads


def is_same_origin(url: str) -> bool:
    """A path on the page's own origin: no scheme, no host (so no CDN, nor `//cdn...`)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def playground_config(html: str) -> dict[str, Any]:
    page = _Page()
    page.feed(html)
    assert page.config is not None, "the page has no playground config"
    found: dict[str, Any] = json.loads(page.config)
    return found
