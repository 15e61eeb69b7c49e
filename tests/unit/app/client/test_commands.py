"""What the API commands print: ids and URLs whole at 80 columns, so a copy of one works; JSON
with --json."""

from __future__ import annotations

import argparse
import io
import json
from typing import Any

import httpx
import pytest
from rich.console import Console

from app.client import commands
from app.client.api import Endpoint, MediaPipeClient

MEDIA_ID = "01M8TC8SRPE5Q2Z7X4W9K3B6HJ"
URL = (
    "http://127.0.0.1:8765/media/processed/01M8TC8SRPE5Q2Z7X4W9K3B6HJ/w1280.webp"
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=" + "f" * 64
)
ITEM: dict[str, Any] = {
    "id": MEDIA_ID,
    "filename": "a photo with a rather long name, from the holidays.jpg",
    "contentType": "image/jpeg",
    "kind": "IMAGE",
    "size": 1_234_567,
    "status": "AWAITING_UPLOAD",
    "preset": "default",
    "tags": ["holiday", "sea"],
    "metadata": None,
    "createdAt": "2026-12-03T15:00:00.000Z",
    "error": None,
    "variants": [
        {
            "name": "w1280",
            "role": "IMAGE",
            "animated": False,
            "format": "WEBP",
            "width": 1280,
            "height": 853,
            "bytes": 98_765,
            "url": URL,
        }
    ],
}


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """What the command prints on a terminal 80 columns wide (COLUMNS, as a shell sets it)."""
    monkeypatch.setenv("COLUMNS", "80")
    screen = io.StringIO()
    monkeypatch.setattr(commands, "out", Console(file=screen))
    return screen


def client(data: dict[str, Any]) -> MediaPipeClient:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=json.dumps({"data": data}))

    endpoint = Endpoint("http://127.0.0.1:8765/graphql", "key")
    return MediaPipeClient(endpoint, http=httpx.Client(transport=httpx.MockTransport(answer)))


def test_ls_keeps_ids_whole_at_80_columns(printed: io.StringIO) -> None:
    page = {"edges": [{"cursor": "c", "node": ITEM}], "pageInfo": {"hasNextPage": False, "endCursor": "c"}}
    args = argparse.Namespace(
        first=20, after=None, status=None, kind=None, tag=None, search=None, sort="NEWEST", json=False
    )
    assert commands._ls(client({"mediaList": page}), args) == 0
    lines = printed.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(MEDIA_ID in line for line in lines)


def test_ls_says_how_to_get_the_next_page_of_the_same_list(
    printed: io.StringIO, capsys: pytest.CaptureFixture[str]
) -> None:
    page = {"edges": [{"cursor": "c", "node": ITEM}], "pageInfo": {"hasNextPage": True, "endCursor": "CUR"}}
    args = argparse.Namespace(
        first=1, after=None, status="READY", kind=None, tag="new york", search=None, sort="NAME", json=False
    )
    assert commands._ls(client({"mediaList": page}), args) == 0
    hint = " ".join(capsys.readouterr().err.split())  # the hint is on stderr, the table on stdout
    assert "mediapipe ls --status READY --tag 'new york' --sort NAME --after CUR" in hint


def test_status_keeps_urls_whole_at_80_columns(printed: io.StringIO) -> None:
    args = argparse.Namespace(id=MEDIA_ID, json=False)
    assert commands._status(client({"media": ITEM}), args) == 0
    lines = printed.getvalue().splitlines()
    assert any(MEDIA_ID in line for line in lines)
    assert any(URL in line for line in lines)  # one line, for the terminal to wrap and a copy to keep


def test_rm_says_what_it_deleted_as_json(printed: io.StringIO) -> None:
    args = argparse.Namespace(id=MEDIA_ID, json=True)
    assert commands._rm(client({"deleteMedia": True}), args) == 0
    assert json.loads(printed.getvalue()) == {"deleted": MEDIA_ID}
