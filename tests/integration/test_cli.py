"""The `mediapipe` command against the running stack, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests import media_factory as images
from tests.conftest import REPO
from tests.integration.conftest import ALICE_KEY, Stack


def mediapipe(*args: str, key: str | None = ALICE_KEY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MEDIAPIPE_API_KEY"}
    if key is not None:
        env["MEDIAPIPE_API_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_upload_wait_then_status_and_ls(stack: Stack, tmp_path: Path) -> None:
    photo, broken = tmp_path / "cli photo.jpg", tmp_path / "broken.jpg"
    photo.write_bytes(images.jpeg(900, 600))
    broken.write_bytes(images.jpeg(900, 600)[:400])

    result = mediapipe("upload", str(photo), str(broken), "--wait", "--json", "--api-url", stack.graphql_url)
    assert result.returncode == 1  # one file did not end READY
    rows = {Path(row["path"]).name: row for row in json.loads(result.stdout)}
    assert rows["cli photo.jpg"]["status"] == "READY"
    assert rows["cli photo.jpg"]["variants"] == 6
    assert rows["broken.jpg"]["status"] == "REJECTED"
    assert "could not be decoded" in rows["broken.jpg"]["error"]
    assert "uploading" not in result.stdout  # progress goes to stderr, data to stdout

    media_id = rows["cli photo.jpg"]["media_id"]
    item = as_json(mediapipe("status", media_id, "--json", "--api-url", stack.graphql_url))
    assert item["filename"] == "cli photo.jpg"
    assert item["status"] == "READY"
    listed = as_json(mediapipe("ls", "--status", "READY", "--json", "--api-url", stack.graphql_url))
    assert media_id in {edge["node"]["id"] for edge in listed["edges"]}


def test_the_local_stacks_key_is_found_without_being_given(stack: Stack) -> None:
    presets = as_json(mediapipe("presets", "--json", "--api-url", stack.graphql_url, key=None))
    assert [p["name"] for p in presets][:1] == ["default"]


def test_errors_are_one_clear_line(stack: Stack) -> None:
    result = mediapipe("status", "01JD2W3X4Y5Z6A7B8C9D0EFGHJ", "--api-url", stack.graphql_url)
    assert result.returncode == 1
    assert "NOT_FOUND" in result.stderr
    assert "Traceback" not in result.stderr
    unreachable = mediapipe("ls", "--api-url", "http://127.0.0.1:9/graphql", "--api-key", "x")
    assert unreachable.returncode == 1
    assert "Cannot reach" in unreachable.stderr
