from __future__ import annotations

import pytest

from app.domain import keys

ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def test_layout_matches_the_design() -> None:
    assert keys.original_key("owner1", ID) == f"originals/owner1/{ID}"
    assert keys.variant_key("owner1", ID, "w640-abcd1234", "webp") == f"media/owner1/{ID}/w640-abcd1234.webp"
    assert keys.media_prefix("owner1", ID) == f"media/owner1/{ID}/"


def test_original_keys_round_trip() -> None:
    assert keys.parse_original_key(keys.original_key("k-1_x", ID)) == ("k-1_x", ID)


@pytest.mark.parametrize(
    "key",
    [
        f"media/owner1/{ID}",
        f"originals/owner1/{ID}/extra",
        "originals/owner1/not-a-ulid",
        f"originals/../{ID}",
        f"originals/own er/{ID}",
        f"originals//{ID}",
        "originals/",
    ],
)
def test_foreign_or_malformed_keys_are_not_ours(key: str) -> None:
    assert keys.parse_original_key(key) is None


def test_ids_are_ulids_only() -> None:
    assert keys.is_media_id(ID)
    assert not keys.is_media_id(ID.lower())
    assert not keys.is_media_id("../../etc/passwd")
    assert not keys.is_media_id(ID + "0")
