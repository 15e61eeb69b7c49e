"""`mediapipe dev` as a process: two instances side by side, and Ctrl-C stops everything it started."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx

from tests import media_factory as images
from tests.integration.conftest import start_stack, stop_stack, upload_bytes


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_two_instances_do_not_collide_and_ctrl_c_stops_each_cleanly(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, a = start_stack(tmp_path / "a", workers=1)
    second, b = start_stack(tmp_path / "b", workers=1)
    try:
        assert a.url != b.url
        assert a.state["awsEndpoint"] != b.state["awsEndpoint"]
        kept = tmp_path / "a" / a.state["metricsFile"]
        assert kept.is_file(), "the stack keeps its workers' metric lines beside its state file"
        workers = children_of(first.pid)
        assert workers, "the stack runs its worker as a child process"
        with a.client() as client_a, b.client() as client_b:
            media = upload_bytes(client_a, images.jpeg(64, 64), "a.jpg", "image/jpeg")
            assert client_a.wait(media["id"])["status"] == "READY"
            assert client_b.media(media["id"]) is None  # separate emulators, separate data

        first.send_signal(signal.SIGINT)
        assert first.wait(timeout=30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers), "a worker outlived Ctrl-C"
        log = a.log.read_text()
        assert "mediapipe dev stopped." in log
        assert "Traceback" not in log
        assert not (tmp_path / "a" / "state.json").exists()
        assert not kept.exists()
        assert httpx.get(f"{b.url}/healthz").status_code == 200  # the other instance is untouched
    finally:
        for process in (first, second):
            if process.poll() is None:
                stop_stack(process)


def test_a_busy_port_fails_fast_with_a_clear_message(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    from tests.conftest import REPO

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", "dev", "--port", str(port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"Cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
