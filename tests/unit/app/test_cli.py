"""`mediapipe`'s parsing: --version, each command's own usage on a usage error, the exit-code table."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import __doc__ as cli_doc
from app.cli import build_parser, main
from app.client.exit_codes import ExitCode
from app.client.version import version
from tests.conftest import REPO


def test_version_prints_the_packages_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"mediapipe {version()}"
    assert version()[0].isdigit()


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["ls", "--bogus"], "usage: mediapipe ls "),
        (["upload"], "usage: mediapipe upload "),  # FILE is required
        (["status", "a", "b"], "usage: mediapipe status "),
        (["ls", "--status", "DONE"], "usage: mediapipe ls "),
        (["reprocess", "--batch", "0"], "usage: mediapipe reprocess "),
        (["stats", "--nope"], "usage: mediapipe stats "),
        (["process", "a.jpg"], "usage: mediapipe process "),  # --out is required
        (["redrive", "--port", "x"], "usage: mediapipe redrive "),
    ],
)
def test_a_usage_error_shows_that_commands_usage_and_exits_2(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(argv)
    assert exited.value.code == ExitCode.USAGE
    stderr = capsys.readouterr().err
    assert stderr.startswith(usage)
    assert f"mediapipe {argv[0]}: error:" in stderr


def test_an_unknown_command_shows_the_top_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["frobnicate"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("usage: mediapipe [-h] [--version] COMMAND")


@pytest.mark.parametrize("document", [cli_doc or "", (REPO / "README.md").read_text()])
def test_the_exit_codes_documented_are_the_ones_used(document: str) -> None:
    for code in ExitCode:
        label = "ok" if code is ExitCode.OK else code.name.lower().replace("_", " ")
        if code is ExitCode.FAILED:
            label = "rejected or failed"
        assert f"{code.value}  {label}" in document or f"| {code.value} | {label}" in document, code


def test_a_missing_file_for_process_is_one_line_no_file_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.jpg"
    assert main(["process", str(missing), "--out", str(tmp_path / "out")]) == ExitCode.NOT_FOUND
    captured = capsys.readouterr()
    assert (captured.out + captured.err).strip() == f"error NO_FILE: Not a file: {missing}"
