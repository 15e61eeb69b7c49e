"""Every owner sees only their own media; another owner's id behaves exactly like a missing one."""

from __future__ import annotations

import pytest

from app.client.api import ApiError, MediaPipeClient
from tests import media_factory as images
from tests.integration.conftest import upload_bytes

MISSING_ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def test_owner_b_cannot_read_list_retry_or_delete_owner_a_media(
    alice: MediaPipeClient, bob: MediaPipeClient
) -> None:
    mine = upload_bytes(alice, images.jpeg(100, 100), "private.jpg", "image/jpeg")
    assert alice.wait(mine["id"])["status"] == "READY"

    assert bob.media(mine["id"]) is None
    assert bob.media(MISSING_ID) is None
    listed = bob.media_list(first=100)
    assert mine["id"] not in {e["node"]["id"] for e in listed["edges"]}
    for media_id in (mine["id"], MISSING_ID):
        with pytest.raises(ApiError) as raised:
            bob.retry(media_id)
        assert raised.value.code == "NOT_FOUND"
        assert raised.value.message == f"No media with id {media_id!r}."
    assert bob.delete(mine["id"]) is False
    assert bob.delete(MISSING_ID) is False

    still = alice.media(mine["id"])
    assert still is not None and still["status"] == "READY"


def test_a_cursor_from_one_owner_reveals_nothing_to_another(
    alice: MediaPipeClient, bob: MediaPipeClient
) -> None:
    for n in range(3):
        upload_bytes(alice, images.jpeg(32, 32), f"{n}.jpg", "image/jpeg")
    cursor = alice.media_list(first=1)["pageInfo"]["endCursor"]
    assert cursor
    page = bob.media_list(first=100, after=cursor)
    assert all(edge["node"]["filename"] not in {"0.jpg", "1.jpg", "2.jpg"} for edge in page["edges"])
