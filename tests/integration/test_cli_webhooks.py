"""`mediapipe webhooks` against the running stack, as a user runs it."""

from __future__ import annotations

from pathlib import Path

from app.client.exit_codes import ExitCode
from tests.integration.conftest import Stack
from tests.integration.test_cli import as_json, home, run_cli

__all__ = ["home"]  # the signed-in CLI's config directory, a fixture of test_cli.py


def test_add_ls_rotate_deliveries_rm(stack: Stack, home: Path) -> None:
    def mediapipe(*args: str) -> object:
        return as_json(run_cli(home, "webhooks", *args, "--json", "--api-url", stack.graphql_url))

    added = mediapipe("add", "http://127.0.0.1:9/in", "--event", "media.ready", "--event", "media.failed")
    assert isinstance(added, dict) and added["secret"].startswith("whsec_")
    webhook = added["webhook"]
    assert webhook["events"] == ["media.failed", "media.ready"]
    listed = mediapipe("ls")
    assert isinstance(listed, list) and webhook["id"] in {w["id"] for w in listed}
    rotated = mediapipe("rotate", webhook["id"])
    assert isinstance(rotated, dict) and rotated["secret"] not in {added["secret"], ""}
    assert mediapipe("deliveries", webhook["id"]) == []
    enabled = mediapipe("enable", webhook["id"])
    assert isinstance(enabled, dict) and (enabled["id"], enabled["state"]) == (webhook["id"], "ENABLED")
    assert mediapipe("rm", webhook["id"]) == {"deleted": webhook["id"]}

    gone = run_cli(home, "webhooks", "rm", webhook["id"], "--api-url", stack.graphql_url)
    assert gone.returncode == ExitCode.NOT_FOUND
    assert "error NOT_FOUND" in gone.stderr


def test_a_refused_target_is_one_line_and_exit_1(stack: Stack, home: Path) -> None:
    refused = run_cli(
        home,
        "webhooks",
        "add",
        "http://10.0.0.1/in",
        "--event",
        "media.ready",
        "--api-url",
        stack.graphql_url,
    )
    assert refused.returncode == ExitCode.FAILED
    assert refused.stderr.strip().startswith("error INVALID_INPUT:")
    assert "private" in refused.stderr


def test_an_unknown_delivery_is_not_found(stack: Stack, home: Path) -> None:
    missing = run_cli(
        home, "webhooks", "redeliver", "msg_01JD2W3X4Y5Z6A7B8C9D0EFGHJ", "--api-url", stack.graphql_url
    )
    assert missing.returncode == ExitCode.NOT_FOUND
