"""The README's tour, run as written against the embedded stack: each command of its command-line
block in bash, from a folder that has what a reader's has (the project's .venv and the .mediapipe
state `mediapipe dev` writes there, photos in ~/Pictures, a big.mov, a photo.jpg), then its curl
block. Only what the README marks as the reader's own is put in: the key from the banner, the
stack's address, an id the tour's own uploads made."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from app.client.api import MediaPipeClient
from tests import media_factory
from tests.conftest import REPO
from tests.integration.conftest import API_KEY, Stack

TOUR_USER, TOUR_PASSWORD = "tour@example.com", "Tour-pass-2026"
README_ID = "01JDX8Q8Y2M7V1N3C6W8K4T9ZB"  # the README's example id: the reader puts one of theirs
README_URL = "http://127.0.0.1:8000"
README_KEY = "KEY=mp_Xq3…"
WAIT_LINE = "# a second or two later"
FOLLOWS_FOREVER = "mediapipe watch"  # runs until Ctrl-C: it must be up and quiet, then it is stopped

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bash", "curl", "jq")),
    reason="the README's tour uses bash, curl and jq; install them to run it",
)


def _tour() -> tuple[list[str], str]:
    """The command-line block's commands (comments dropped) and the curl block, as the README has them."""
    readme = (REPO / "README.md").read_text()
    tour = readme.split("## A 30-second tour", 1)[1].split("\n## ", 1)[0]
    cli, curl = re.findall(r"```bash\n(.*?)```", tour, flags=re.S)
    commands = [line.split("  #", 1)[0].strip() for line in cli.splitlines()]
    return [command for command in commands if command], curl


@pytest.fixture(scope="module")
def reader_home(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reader's home and project folder in one: the files the tour names, the project's .venv,
    and the stack's state where `mediapipe dev` keeps it (the commands find the stack from it)."""
    home = tmp_path_factory.mktemp("reader")
    (home / ".venv").symlink_to(REPO / ".venv")
    (home / ".mediapipe").mkdir()
    port = urlsplit(stack.url).port
    (home / ".mediapipe" / f"dev-{port}.json").symlink_to(stack.state_file)
    metrics = stack.state_file.parent / stack.state["metricsFile"]
    (home / ".mediapipe" / metrics.name).symlink_to(metrics)
    (home / "Pictures").mkdir()
    for number, size in enumerate([(1200, 800), (640, 960)], start=1):
        (home / "Pictures" / f"holiday-{number}.jpg").write_bytes(media_factory.jpeg(*size))
    (home / "photo.jpg").write_bytes(media_factory.jpeg(800, 600))
    media_factory.big_video(home / "big.mov", 20)  # over 16 MiB: the upload goes in parts
    stack.endpoint(TOUR_USER, TOUR_PASSWORD)  # the account exists, as the banner's demo user does
    return home


def _bash(stack: Stack, home: Path, script: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEDIAPIPE_")}
    env |= {
        "HOME": str(home),
        "MEDIAPIPE_EMAIL": TOUR_USER,  # the README: "For scripts, ... sign in without a prompt"
        "MEDIAPIPE_PASSWORD": TOUR_PASSWORD,
    }
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=home, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_command_line_tour_runs_as_written(stack: Stack, reader_home: Path) -> None:
    commands, _ = _tour()
    assert commands[0] == ".venv/bin/mediapipe login" and len(commands) >= 10
    example_id = ""
    for command in commands:
        if README_ID in command:
            example_id = example_id or _an_id_of_the_tours(stack)
            command = command.replace(README_ID, example_id)
        command = command.replace("/tmp/out", str(reader_home / "out"))
        if FOLLOWS_FOREVER in command:
            _follows_until_stopped(stack, reader_home, command)
            continue
        run = _bash(stack, reader_home, command)
        assert run.returncode == 0, f"{command}\n{run.stdout[-1500:]}\n{run.stderr[-1500:]}"
        if "upload" in command:
            assert "ready" in run.stdout.lower(), run.stdout[-1500:]
    assert (reader_home / "out").is_dir() and any((reader_home / "out").iterdir())


def _an_id_of_the_tours(stack: Stack) -> str:
    with MediaPipeClient(stack.endpoint(TOUR_USER, TOUR_PASSWORD)) as client:
        edges = client.media_list(first=10, search="holiday-1")["edges"]
    assert edges, "the tour's upload of ~/Pictures/*.jpg made no item"
    return str(edges[0]["node"]["id"])


def _follows_until_stopped(stack: Stack, home: Path, command: str) -> None:
    """Started as the README says, it is still following (no error, no exit) a few seconds later."""
    with subprocess.Popen(
        ["bash", "-c", command], cwd=home, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=os.environ | {"HOME": str(home)},
    ) as watching:  # fmt: skip
        time.sleep(4)
        assert watching.poll() is None, watching.communicate()
        watching.terminate()
        _, errors = watching.communicate(timeout=10)
    assert "error" not in errors.lower(), errors


def test_the_graphql_tour_runs_as_written_and_its_photo_ends_ready(stack: Stack, reader_home: Path) -> None:
    _, curl = _tour()
    assert README_KEY in curl and curl.count(README_URL) == 2 and WAIT_LINE in curl
    script = curl.replace(README_KEY, f"KEY={API_KEY}").replace(README_URL, stack.url)
    upload, check = script.split(WAIT_LINE)
    sent = _bash(stack, reader_home, upload)
    assert sent.returncode == 0, sent.stderr
    media_id = json.loads((reader_home / "upload.json").read_text())["data"]["createUpload"]["media"]["id"]
    with MediaPipeClient(stack.endpoint(TOUR_USER, TOUR_PASSWORD)) as client:
        assert client.wait(media_id)["status"] == "READY"  # the reader's "second or two"

    checked = _bash(stack, reader_home, _defs(upload) + check)
    assert checked.returncode == 0, checked.stderr
    answer = json.loads(checked.stdout)["data"]["media"]
    assert answer["status"] == "READY" and answer["error"] is None
    assert answer["variants"] and all(variant["url"] for variant in answer["variants"])


def _defs(upload: str) -> str:
    """The block's variables (KEY, TOKEN, AUTH), which its last command uses."""
    return "".join(line + "\n" for line in upload.splitlines() if re.match(r"^(KEY|TOKEN|AUTH)=", line))
