"""`mediapipe dev` keeps its data across restarts (app/local/data_folder.py, snapshot.py): items,
their media, users and the generated API key are where they were left; an item interrupted by the
stop resumes under its next attempt; `--fresh` starts empty. Each run is a real `mediapipe dev`
process stopped as Ctrl-C stops it, the data folder shared between runs."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from app.local.snapshot import SNAPSHOT
from tests import media_factory as images
from tests.integration.conftest import Stack, eventually, start_stack, upload_bytes

# A worker running this handler never finishes an original that ends with HANG (its value, not an
# import: importing the handler replaces the media function in this process too).
HANG = b"MEDIAPIPE-TEST-HANG"
HANGING = {"_HANDLER": "tests.integration.misbehaving_handler.handler"}


@contextmanager
def run(
    workdir: Path, data: Path, *, fresh: bool = False, env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """One run of the stack on `data`, with the key it generates or kept (no MEDIAPIPE_API_KEY)."""
    workdir.mkdir()
    process, stack = start_stack(workdir, env, workers=1, api_keys=(), data=data, fresh=fresh)
    try:
        yield stack
    finally:
        ctrl_c(process)


def ctrl_c(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 0


def banner_data_line(stack: Stack) -> str:
    return next(line for line in stack.log.read_text().splitlines() if line.startswith("  Data "))


def fetched(url: str) -> bytes:
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return response.content


def test_items_media_users_and_the_key_survive_a_restart_and_fresh_starts_empty(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # GIVEN a READY photo on a stack keeping its data in a folder
    with run(tmp_path / "first", data) as first, first.client() as alice:
        assert "new; kept in" in banner_data_line(first)
        media = upload_bytes(alice, images.jpeg(640, 480), "kept.jpg", "image/jpeg")
        before = alice.wait(media["id"])
        assert before["status"] == "READY"
        key = first.state["apiKeys"][0]
        outputs = {v["name"]: fetched(v["url"]) for v in before["variants"]}
    assert (data / SNAPSHOT).is_file()

    # WHEN the stack starts again on the same folder
    with run(tmp_path / "second", data) as second, second.client() as alice:
        # THEN the same user signs in, and finds the item, its variants and their bytes
        assert "restored from" in banner_data_line(second)
        assert second.state["apiKeys"] == [key], "the generated key is kept"
        after = alice.media(media["id"])
        assert after is not None
        assert (after["status"], after["filename"]) == ("READY", "kept.jpg")
        assert {v["name"]: fetched(v["url"]) for v in after["variants"]} == outputs
        assert [e["node"]["id"] for e in alice.media_list(first=5)["edges"]] == [media["id"]]
        # AND new work goes on as before
        another = upload_bytes(alice, images.jpeg(200, 200), "new.jpg", "image/jpeg")
        assert alice.wait(another["id"])["status"] == "READY"

    # WHEN it starts with --fresh THEN nothing is left
    with run(tmp_path / "third", data, fresh=True) as third, third.client() as alice:
        assert "new; kept in" in banner_data_line(third)
        assert alice.media(media["id"]) is None
        assert third.state["apiKeys"] != [key]


def test_an_item_interrupted_by_the_stop_resumes_after_the_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # GIVEN a photo still being processed when the stack stops (its worker is stuck on it)
    with run(tmp_path / "first", data, env=HANGING) as first, first.client() as alice:
        media = upload_bytes(alice, images.jpeg(320, 240) + HANG, "slow.jpg", "image/jpeg")
        eventually(lambda: status_of(alice, media["id"]) == "PROCESSING")

    # WHEN it starts again (its workers well) THEN the item is claimed again at once and ends READY
    with run(tmp_path / "second", data) as second, second.client() as alice:
        assert "1 interrupted item(s) resume" in banner_data_line(second)
        done = alice.wait(media["id"])
        assert done["status"] == "READY"
        life = alice.history(media["id"])
        assert life is not None
        notes = [e["note"] for e in life["history"]]
        assert "claimed by attempt 1" in notes and "claimed by attempt 2" in notes
        assert "attempt 1 gave its lease back" in notes, notes


def status_of(client: Any, media_id: str) -> str | None:
    item = client.media(media_id)
    return None if item is None else str(item["status"])
