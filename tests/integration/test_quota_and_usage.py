"""Quotas and usage through real HTTP on a stack of its own with a small quota: the usage query, the
CLI's, and createUpload refused with QUOTA_EXCEEDED once what is stored reaches the limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.client.api import ApiError
from tests import media_factory as images
from tests.conftest import REPO
from tests.integration.conftest import Stack, start_stack, stop_stack, upload_bytes


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    process, stack = start_stack(
        tmp_path_factory.mktemp("quota"), extra_env={"MEDIAPIPE_QUOTA_MAX_ITEMS": "2"}, workers=1
    )
    yield stack
    stop_stack(process)


def test_usage_counts_what_arrived_and_the_quota_refuses_past_it(small: Stack) -> None:
    with small.client("quota-user@example.com") as me, small.client("other@example.com") as other:
        # GIVEN two photos stored, READY
        for n in range(2):
            item = upload_bytes(me, images.jpeg(320, 240), f"{n}.jpg", "image/jpeg")
            assert me.wait(item["id"])["status"] == "READY"
        usage = me.usage()
        assert usage["items"] == 2
        assert usage["quota"]["maxItems"] == 2
        image = next(k for k in usage["byKind"] if k["kind"] == "IMAGE")
        assert image["originalBytes"] > 0 and image["outputBytes"] > 0 and image["computeSeconds"] > 0
        assert usage["storedBytes"] == image["originalBytes"] + image["outputBytes"]
        assert usage["estimatedCost"]["storagePerMonth"] > 0
        # WHEN a third is created THEN QUOTA_EXCEEDED says what is used and allowed
        with pytest.raises(ApiError) as refused:
            me.create_upload("3.jpg", "image/jpeg", 1000)
        assert refused.value.code == "QUOTA_EXCEEDED"
        assert "You have 2 items; the limit is 2" in refused.value.message
        # AND another person is not affected; a delete makes room again
        other.create_upload("theirs.jpg", "image/jpeg", 1000)
        first = me.media_list(first=1)["edges"][0]["node"]["id"]
        assert me.delete(first)
        assert me.usage()["items"] == 1
        me.create_upload("4.jpg", "image/jpeg", 1000)


def test_the_cli_shows_usage(small: Stack, tmp_path: Path) -> None:
    email, password = "cli-usage@example.com", "Cli-usage-2026"
    small.endpoint(email, password)
    env = {"XDG_CONFIG_HOME": str(tmp_path), "MEDIAPIPE_EMAIL": email, "MEDIAPIPE_PASSWORD": password}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "usage", "--json", "--api-url", small.graphql_url],
        cwd=REPO, env={**_clean_env(), **env}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["items"] == 0
    assert shown["quota"] == {"maxItems": 2, "maxBytes": 50 * 1000**3}


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MEDIAPIPE_")}
