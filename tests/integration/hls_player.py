"""What an HLS player does with a stream's URL, for the tests: substitute the playlists' variables
(EXT-X-DEFINE QUERYPARAM) from each playlist's own URL, resolve what they name, fetch it all."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

_DEFINE = re.compile(r'^#EXT-X-DEFINE:QUERYPARAM="([A-Za-z0-9_-]+)"$')


def substituted(url: str, playlist: str) -> list[str]:
    """The playlist's URIs as a player resolves them: variables from the playlist URL's query
    (EXT-X-DEFINE QUERYPARAM), then relative to the playlist's URL."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    variables: dict[str, str] = {}
    uris = []
    for line in playlist.splitlines():
        if found := _DEFINE.match(line):
            variables[found.group(1)] = query[found.group(1)]
            continue
        if line.startswith("#EXT-X-MAP:"):
            line = re.search(r'URI="([^"]+)"', line).group(1)  # type: ignore[union-attr]
        elif not line or line.startswith("#"):
            continue
        resolved = re.sub(r"\{\$([A-Za-z0-9_-]+)\}", lambda v: variables[v.group(1)], line)
        uris.append(urljoin(url, resolved))
    return uris


def fetched_stream(url: str) -> dict[str, list[httpx.Response]]:
    """Every rung of the stream at `url`: its init segment and segments, fetched in order (each
    asserted 200), by its playlist's URL."""
    master = httpx.get(url, timeout=30)
    assert master.status_code == 200, master.text
    rungs = {}
    for rung in substituted(url, master.text):
        playlist = httpx.get(rung, timeout=30)
        assert playlist.status_code == 200, rung
        files = [httpx.get(part, timeout=30) for part in substituted(rung, playlist.text)]
        assert [r.status_code for r in files] == [200] * len(files), rung
        rungs[rung] = files
    assert rungs
    return rungs
