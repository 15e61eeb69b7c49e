"""reprocessMedia through the running stack: an item moves to a new preset, stays viewable until its
new outputs are in, then its old ones are gone from storage; the backfill command, interrupted
halfway and run again, reprocesses each item once."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.client.api import ApiError, MediaPipeClient
from app.domain import keys
from tests import media_factory as images
from tests.integration.conftest import Stack, eventually, upload_bytes
from tests.integration.test_cli import run_cli, start_cli

BACKFILL_USER = "backfill-user@example.com"
BACKFILL_PASSWORD = "Backfill-pass-2026"


def fingerprint(client: MediaPipeClient, preset: str) -> str:
    return str(next(p["fingerprint"] for p in client.presets() if p["name"] == preset))


def stored_keys(stack: Stack, owner: str, media_id: str) -> set[str]:
    listed = stack.aws("s3").list_objects_v2(
        Bucket=stack.state["processedBucket"], Prefix=keys.media_prefix(owner, media_id)
    )
    return {obj["Key"] for obj in listed.get("Contents", [])}


def test_an_item_moves_to_a_new_preset_and_its_old_outputs_are_gone(
    alice: MediaPipeClient, bob: MediaPipeClient, stack: Stack
) -> None:
    # GIVEN a READY photo made with the default preset
    media = upload_bytes(alice, images.jpeg(1200, 800), "reprocess-me.jpg", "image/jpeg")
    ready = alice.wait(media["id"])
    assert ready["status"] == "READY"
    owner = stack.owner()
    old_keys = stored_keys(stack, owner, media["id"])
    assert len(old_keys) == len(ready["variants"]) == 6

    # WHEN someone else asks to reprocess it, nothing happens; when Alice does, it is queued
    with pytest.raises(ApiError) as refused:
        bob.reprocess(media["id"], "thumbnail")
    assert refused.value.code == "NOT_FOUND"
    queued = alice.reprocess(media["id"], "thumbnail")
    assert (queued["status"], queued["preset"]) == ("PROCESSING", "thumbnail")
    # (until the new outputs are in, the old ones stay listed, with URLs that work)
    assert {v["name"] for v in queued["variants"]} == {v["name"] for v in ready["variants"]}

    # THEN it ends READY with the thumbnail preset's outputs, under its fingerprint
    done = alice.wait(media["id"])
    assert done["status"] == "READY"
    thumbnail = fingerprint(alice, "thumbnail")
    assert done["metadata"]["presetFingerprint"] == thumbnail
    assert sorted({v["width"] for v in done["variants"]}) == [160, 320]
    assert all(v["width"] == v["height"] for v in done["variants"])  # the preset's square crop
    # AND only the new outputs are stored: the old ones are gone
    new_keys = stored_keys(stack, owner, media["id"])
    assert new_keys and not new_keys & old_keys
    assert all(f"-{thumbnail}." in key for key in new_keys)
    # AND its history and the audit log say what happened
    notes = [entry["note"] for entry in (alice.history(media["id"]) or {})["history"]]
    assert "reprocess requested with preset thumbnail" in notes
    assert notes[-1] == "attempt 2 ended: READY, 4 outputs"
    audit = [e["node"] for e in alice.audit_log(first=100)["edges"] if e["node"]["mediaId"] == media["id"]]
    assert [(e["action"], e["detail"]) for e in audit] == [("REPROCESS", "thumbnail")]


def test_an_item_that_is_not_finished_cannot_be_reprocessed(alice: MediaPipeClient) -> None:
    payload = alice.create_upload("never-sent.jpg", "image/jpeg", 100)
    with pytest.raises(ApiError) as refused:
        alice.reprocess(payload["media"]["id"])
    assert refused.value.code == "NOT_REPROCESSABLE"
    assert "not been uploaded" in refused.value.message


@pytest.fixture(scope="module")
def backfill_home(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user of its own, signed in through `mediapipe login`: the backfill selects all their items."""
    config_home = tmp_path_factory.mktemp("backfill-config")
    stack.endpoint(BACKFILL_USER, BACKFILL_PASSWORD)
    login = run_cli(
        config_home, "login", "--api-url", stack.graphql_url, email=BACKFILL_USER, password=BACKFILL_PASSWORD
    )
    assert login.returncode == 0, login.stderr
    return config_home


def test_a_backfill_interrupted_halfway_and_run_again_does_each_item_once(
    stack: Stack, backfill_home: Path
) -> None:
    # GIVEN five READY photos of one user's, made with the default preset
    client = stack.client(BACKFILL_USER)
    ids = [upload_bytes(client, images.jpeg(320, 240), f"b{n}.jpg", "image/jpeg")["id"] for n in range(5)]
    for media_id in ids:
        assert client.wait(media_id)["status"] == "READY"
    command = ["reprocess", "--preset", "thumbnail", "--json", "--api-url", stack.graphql_url]

    # WHEN a backfill one item per batch, a second apart, is stopped (Ctrl-C) after its second
    first = start_cli(backfill_home, *command, "--batch", "1", "--pause", "1.0")
    eventually(lambda: len(_reprocessed(client)) >= 2, timeout=30, interval=0.05)
    first.send_signal(signal.SIGINT)
    stdout, stderr = first.communicate(timeout=30)
    assert first.returncode == 130, stderr
    interrupted = json.loads(stdout)
    assert interrupted["interrupted"] is True
    # (the request the interrupt cut short may have been taken unseen: at least one before it was)
    assert 1 <= interrupted["queued"] < 5
    assert "run the same command again" in stderr

    # AND run again to the end
    rerun = run_cli(backfill_home, *command, "--batch", "5", "--pause", "0")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)

    # THEN the rerun did only what the first left, and every item was reprocessed exactly once (a
    # request the interrupt cut off may have been taken unseen: the audit log is the record)
    assert set(summary["queuedIds"]).isdisjoint(interrupted["queuedIds"])
    assert set(summary["queuedIds"]) | set(interrupted["queuedIds"]) <= set(ids)
    thumbnail = fingerprint(client, "thumbnail")
    for media_id in ids:
        done = client.wait(media_id)
        assert (done["status"], done["metadata"]["presetFingerprint"]) == ("READY", thumbnail)
    assert sorted(_reprocessed(client)) == sorted(ids)
    # AND a third run finds nothing left to do
    again = _json(run_cli(backfill_home, *command))
    assert (again["queued"], again["alreadyDone"]) == (0, 5)


def _reprocessed(client: MediaPipeClient) -> list[str]:
    """The ids of the user's REPROCESS audit entries, one per request that was taken."""
    edges = client.audit_log(first=100)["edges"]
    return [e["node"]["mediaId"] for e in edges if e["node"]["action"] == "REPROCESS"]


def _json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
