"""The `mediapipe` command against the running stack, as a user runs it."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.client.exit_codes import ExitCode
from tests import media_factory as images
from tests.conftest import REPO
from tests.integration.conftest import Stack

CLI_USER = "cli-user@example.com"
CLI_PASSWORD = "Cli-pass-2026"


@pytest.fixture(scope="module")
def home(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config directory of its own, signed in once as CLI_USER through `mediapipe login`."""
    config_home = tmp_path_factory.mktemp("config")
    stack.endpoint(CLI_USER, CLI_PASSWORD)  # the account exists (as after a sign-up in the UI)
    login = run_cli(
        config_home, "login", "--api-url", stack.graphql_url, email=CLI_USER, password=CLI_PASSWORD
    )
    assert login.returncode == 0, login.stderr
    return config_home


def cli_env(config_home: Path, email: str | None = None, password: str | None = None) -> dict[str, str]:
    """This environment without MEDIAPIPE_* settings, the CLI's config in `config_home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIAPIPE_")}
    env["XDG_CONFIG_HOME"] = str(config_home)
    if email and password:
        env |= {"MEDIAPIPE_EMAIL": email, "MEDIAPIPE_PASSWORD": password}
    return env


def start_cli(config_home: Path, *args: str) -> subprocess.Popen[str]:
    """`mediapipe ARGS` in the background, for a test that interrupts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        cwd=REPO, env=cli_env(config_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def run_cli(
    config_home: Path, *args: str, email: str | None = None, password: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = cli_env(config_home, email, password)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_upload_wait_then_status_and_ls(stack: Stack, home: Path, tmp_path: Path) -> None:
    def mediapipe(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(home, *args)

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


def test_the_local_stacks_key_is_found_without_being_given(stack: Stack, home: Path) -> None:
    presets = as_json(run_cli(home, "presets", "--json", "--api-url", stack.graphql_url))
    assert [p["name"] for p in presets][:1] == ["default"]


def test_login_keeps_tokens_for_the_user_alone_and_whoami_names_them(stack: Stack, home: Path) -> None:
    tokens = home / "mediapipe" / "tokens.json"
    assert tokens.stat().st_mode & 0o777 == 0o600
    assert stack.graphql_url in json.loads(tokens.read_text())
    me = as_json(run_cli(home, "whoami", "--json", "--api-url", stack.graphql_url))
    assert me["email"] == CLI_USER
    assert me["sub"] == stack.owner(CLI_USER)
    token = run_cli(home, "token", "--api-url", stack.graphql_url).stdout.strip()
    assert token.count(".") == 2
    assert (
        as_json(run_cli(home, "token", "--json", "--api-url", stack.graphql_url))["idToken"].count(".") == 2
    )


def test_an_expired_id_token_is_refreshed_without_a_prompt(stack: Stack, home: Path) -> None:
    # GIVEN stored tokens whose ID token is past its expiry (as an hour later)
    path = home / "mediapipe" / "tokens.json"
    stored = json.loads(path.read_text())
    stale = stored[stack.graphql_url]["id_token"]
    stored[stack.graphql_url]["expires_at"] = 0
    path.write_text(json.dumps(stored))
    # WHEN a command runs THEN it refreshes, stores the new token and answers
    assert run_cli(home, "ls", "--json", "--api-url", stack.graphql_url).returncode == 0
    assert json.loads(path.read_text())[stack.graphql_url]["id_token"] != stale


def test_without_a_session_commands_say_how_to_sign_in(stack: Stack, tmp_path: Path) -> None:
    result = run_cli(tmp_path, "ls", "--api-url", stack.graphql_url)
    assert result.returncode == ExitCode.AUTH
    assert "NOT_SIGNED_IN" in result.stderr
    assert "mediapipe login" in result.stderr
    wrong = run_cli(
        tmp_path, "login", "--api-url", stack.graphql_url, email=CLI_USER, password="Wrong-pass-1"
    )
    assert wrong.returncode == ExitCode.AUTH
    assert "NotAuthorizedException" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_logout_forgets_the_session(stack: Stack, tmp_path: Path) -> None:
    login = run_cli(tmp_path, "login", "--api-url", stack.graphql_url, email=CLI_USER, password=CLI_PASSWORD)
    assert login.returncode == 0, login.stderr
    assert run_cli(tmp_path, "logout", "--api-url", stack.graphql_url).returncode == 0
    assert stack.graphql_url not in json.loads((tmp_path / "mediapipe" / "tokens.json").read_text())
    assert "NOT_SIGNED_IN" in run_cli(tmp_path, "ls", "--api-url", stack.graphql_url).stderr


def test_errors_are_one_clear_line(stack: Stack, home: Path) -> None:
    result = run_cli(home, "status", "01JD2W3X4Y5Z6A7B8C9D0EFGHJ", "--api-url", stack.graphql_url)
    assert result.returncode == ExitCode.NOT_FOUND
    assert result.stderr.startswith("error NOT_FOUND: ")
    assert "Traceback" not in result.stderr
    unreachable = run_cli(home, "ls", "--api-url", "http://127.0.0.1:9/graphql", "--api-key", "x")
    assert unreachable.returncode == ExitCode.NETWORK
    assert "Cannot read" in unreachable.stderr
    # the stack's root, not its API: the UI's server answers the POST with 405
    wrong_path = run_cli(home, "ls", "--api-url", stack.url, email=CLI_USER, password=CLI_PASSWORD)
    assert wrong_path.returncode == ExitCode.FAILED
    assert f"hint: the API is at {stack.url}/graphql; add /graphql to --api-url" in wrong_path.stderr


def test_process_spreads_files_across_cores_and_keeps_their_order(tmp_path: Path) -> None:
    # GIVEN five photos, different from each other, and a broken file among them
    names = ["e.jpg", "b.jpg", "broken.jpg", "d.jpg", "a.jpg"]
    for index, name in enumerate(names):
        data = images.oriented_jpeg(1 + index % 8, 1200 + 40 * index, 900)
        (tmp_path / name).write_bytes(data[:500] if name == "broken.jpg" else data)
    files = [str(tmp_path / name) for name in names]

    def process(out: str, cpu: int | None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIAPIPE_", "AWS_LAMBDA_"))}
        # `taskset -c N mediapipe ...`, without needing taskset
        pin = f"import os; os.sched_setaffinity(0, {{{cpu}}}); "
        pinned = pin + "import runpy; runpy.run_module('app.cli', None, '__main__')"
        command = ["-m", "app.cli"] if cpu is None else ["-c", pinned]
        return subprocess.run(
            [sys.executable, *command, "process", *files, "--out", str(tmp_path / out)],
            cwd=REPO, env=env | {"COLUMNS": "200"}, capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

    # WHEN they are processed on every core here, and again restricted to one
    spread = process("spread", None)
    alone = process("alone", min(os.sched_getaffinity(0)))

    # THEN both report the broken file and each table lists the files in the order given
    for result in (spread, alone):
        assert result.returncode == 1, result.stderr
        listed = [line.split("│")[1].strip() for line in result.stdout.splitlines() if line.count("│") > 2]
        assert listed == names
    cores = min(len(os.sched_getaffinity(0)), len(names))
    assert f"{cores} at a time" in spread.stdout
    assert "1 at a time" in alone.stdout
    # and the outputs are the same, file for file and byte for byte
    made = sorted(p.relative_to(tmp_path / "spread") for p in (tmp_path / "spread").rglob("*.*"))
    assert sorted(str(path.parent) for path in made if path.name == "metadata.json") == ["a", "b", "d", "e"]
    assert made == sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*.*"))
    for path in made:
        assert (tmp_path / "spread" / path).read_bytes() == (tmp_path / "alone" / path).read_bytes(), path


def test_trace_prints_the_items_life_with_the_time_between_steps(
    stack: Stack, home: Path, tmp_path: Path
) -> None:
    # GIVEN a photo uploaded through the CLI and processed
    photo = tmp_path / "traced.jpg"
    photo.write_bytes(images.jpeg(640, 480))
    uploaded = run_cli(home, "upload", str(photo), "--wait", "--json", "--api-url", stack.graphql_url)
    [row] = as_json(uploaded)
    assert row["status"] == "READY"

    # WHEN its life is traced, as JSON and as text
    traced = as_json(run_cli(home, "trace", row["media_id"], "--json", "--api-url", stack.graphql_url))
    text = run_cli(home, "trace", row["media_id"], "--api-url", stack.graphql_url)

    # THEN the JSON holds each event, and the text a line each with the time since the one before
    notes = [event["note"] for event in traced["history"]]
    assert notes[:3] == ["upload requested", "upload arrived", "claimed by attempt 1"]
    assert notes[3].startswith("attempt 1 ended: READY")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    for note in notes:
        assert any(note in line for line in lines)
    durations = [float(m) for m in re.findall(r"\+(\d+\.\d\d) s", text.stdout)]
    assert len(durations) == len(notes) - 1  # every event but the first
    first, last = (datetime.fromisoformat(traced["history"][i]["at"]) for i in (0, -1))
    total = re.search(r"total (\d+\.\d\d) s over 4 events", text.stdout)
    assert total is not None and float(total.group(1)) == round((last - first).total_seconds(), 2)
    assert sum(durations) == pytest.approx(float(total.group(1)), abs=0.03)  # rounded each


def test_watch_prints_each_change_live_and_exits_0_when_the_item_is_ready(stack: Stack, home: Path) -> None:
    # GIVEN an upload requested but not yet sent, and `mediapipe watch ID --json` following it
    photo = images.jpeg(640, 480)
    client = stack.client(CLI_USER)
    payload = client.create_upload("watched.jpg", "image/jpeg", len(photo), None)
    created, post = payload["media"], payload["upload"]
    watcher = start_cli(home, "watch", created["id"], "--json", "--api-url", stack.graphql_url)
    lines = _lines_of(watcher)
    try:
        first = json.loads(lines.get(timeout=30))
        assert first["status"] == "AWAITING_UPLOAD"  # the catch-up after subscribing

        # WHEN the bytes arrive
        files = {"file": ("watched.jpg", photo, "image/jpeg")}
        assert httpx.post(post["url"], data=post["fields"], files=files).status_code == 204

        # THEN each later change comes as one JSON line, the last READY, and watch exits 0
        seen = [first]
        while seen[-1]["status"] != "READY":
            seen.append(json.loads(lines.get(timeout=60)))
        assert watcher.wait(timeout=30) == 0
    finally:
        watcher.kill()
    statuses = [item["status"] for item in seen]
    assert "PROCESSING" in statuses, statuses
    assert [item["updatedAt"] for item in seen] == sorted({item["updatedAt"] for item in seen})  # each once
    assert seen[-1]["variants"]


def _lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """The process's stdout, a line at a time, readable with a timeout."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def test_trace_of_an_unknown_item_says_so(stack: Stack, home: Path) -> None:
    result = run_cli(home, "trace", "01JD2W3X4Y5Z6A7B8C9D0NOTME", "--api-url", stack.graphql_url)
    assert result.returncode == ExitCode.NOT_FOUND
    assert "NOT_FOUND" in result.stderr


def test_stats_sums_the_real_processors_metric_lines(stack: Stack, home: Path, tmp_path: Path) -> None:
    # The stack is shared: other tests' items finish around this one, so the figures are compared
    # before and after, over every item the stack kept, rather than read for "the last item".
    def stats() -> Any:
        return as_json(
            run_cli(home, "stats", "--last", "100000", "--json", "--state-file", str(stack.state_file))
        )

    def ready_images(summary: Any) -> int:
        return int(summary["byKind"].get("image", {}).get("READY", 0))

    before = stats()
    # GIVEN a photo processed by the stack's real workers (their EMF lines kept by the dev stack)
    photo = tmp_path / "counted.jpg"
    photo.write_bytes(images.jpeg(640, 480))
    uploaded = run_cli(home, "upload", str(photo), "--wait", "--json", "--api-url", stack.graphql_url)
    assert json.loads(uploaded.stdout)[0]["status"] == "READY", uploaded.stderr

    # WHEN the operator asks for the numbers THEN they count it: a READY image, its time, each of its
    # steps, its bytes in and out, its wait in the queue
    after = stats()
    assert ready_images(after) >= ready_images(before) + 1
    assert after["items"] >= before["items"] + 1
    assert after["processingTimeMs"]["image"]["count"] >= ready_images(before) + 1
    assert {"download", "sniff", "decode", "render", "upload"} <= set(after["stepTimeMs"])
    assert after["bytesIn"] >= before["bytesIn"] + photo.stat().st_size
    assert after["bytesOut"] > before["bytesOut"]
    assert after["queueLagMs"]["count"] >= 1
