"""Finding the local stack on any port from the state files in .mediapipe/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.client.api import ApiError
from app.client.exit_codes import ExitCode
from app.client.local_stack import find_local_stack


@pytest.fixture(autouse=True)
def nothing_on_the_default_port(monkeypatch: pytest.MonkeyPatch) -> None:
    """Port 1: no stack answers there, whatever else runs on this machine's 8000."""
    monkeypatch.setenv("PORT", "1")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # our own interpreter
    child.wait()
    return child.pid


def write_state(folder: Path, port: int, pid: int) -> Path:
    folder.mkdir(exist_ok=True)
    state_file = folder / f"dev-{port}.json"
    url = f"http://127.0.0.1:{port}"
    state_file.write_text(json.dumps({"url": url, "graphqlUrl": f"{url}/graphql", "pid": pid}))
    return state_file


def test_the_one_running_stack_is_found_beside_a_dead_ones_state(tmp_path: Path) -> None:
    # GIVEN a stack killed without cleaning up (8101) and one running (8765, this very process)
    write_state(tmp_path, 8101, dead_pid())
    write_state(tmp_path, 8765, os.getpid())
    # WHEN a command looks for the local stack without a port THEN it finds the live one
    stack = find_local_stack(folder=tmp_path)
    assert stack.port == 8765
    assert stack.graphql_url == "http://127.0.0.1:8765/graphql"
    assert stack.require_state()["pid"] == os.getpid()


def test_a_port_chooses_the_stack(tmp_path: Path) -> None:
    write_state(tmp_path, 8101, os.getpid())
    write_state(tmp_path, 8765, os.getpid())
    assert find_local_stack(8101, folder=tmp_path).state_file == tmp_path / "dev-8101.json"


def test_several_running_stacks_are_the_users_choice(tmp_path: Path) -> None:
    write_state(tmp_path, 8101, os.getpid())
    write_state(tmp_path, 8765, os.getpid())
    with pytest.raises(ApiError) as refused:
        find_local_stack(folder=tmp_path)
    assert refused.value.code == "SEVERAL_STACKS"
    assert "ports 8101, 8765" in refused.value.message
    assert "--port" in refused.value.message


def test_no_running_stack_is_no_stack(tmp_path: Path) -> None:
    write_state(tmp_path, 8101, dead_pid())
    stack = find_local_stack(folder=tmp_path)
    assert stack.port == 1  # the default port's, for the message
    with pytest.raises(ApiError) as missing:
        stack.require_state()
    assert missing.value.code == "NO_STACK"


def test_the_commands_say_so_in_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MEDIAPIPE_API_URL", raising=False)
    write_state(tmp_path / ".mediapipe", 8101, os.getpid())
    write_state(tmp_path / ".mediapipe", 8765, os.getpid())
    for argv in (["ls"], ["stats"], ["redrive"]):
        assert main(argv) == ExitCode.USAGE, argv
        said = capsys.readouterr().err.strip()
        assert said.startswith("error SEVERAL_STACKS: Several local stacks are running (ports 8101, 8765)")
        assert "\n" not in said


def test_a_missing_upload_is_no_file_before_any_sign_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["upload", "nope.jpg", "--api-url", "http://127.0.0.1:1/graphql"]) == ExitCode.NOT_FOUND
    assert capsys.readouterr().err.strip() == "error NO_FILE: Not a file: nope.jpg"
