"""The rules for what people give their items (names, tags) and ask of their lists (search)."""

from __future__ import annotations

import pytest

from app.domain.errors import ErrorCode, InvalidRequest
from app.domain.listing import (
    MAX_TAGS,
    MediaQuery,
    MediaSort,
    name_key,
    new_filename,
    normalise_search,
    normalise_tag,
    normalise_tags,
)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Holiday", "holiday"),
        ("  New   York ", "new york"),
        ("été-2024", "été-2024"),
        ("v1.2_final", "v1.2_final"),
    ],
)
def test_a_tag_is_kept_in_lower_case_with_its_spaces_collapsed(raw: str, kept: str) -> None:
    assert normalise_tag(raw) == kept


@pytest.mark.parametrize("raw", ["", "   ", "-dash", "trailing.", "a/b", "<script>", "x" * 41])
def test_a_tag_that_is_empty_too_long_or_odd_is_refused_with_a_reason(raw: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        normalise_tag(raw)
    assert refused.value.code is ErrorCode.INVALID_INPUT
    assert "tag" in str(refused.value)


def test_tags_drop_repeats_keep_their_order_and_are_bounded() -> None:
    assert normalise_tags(["Sea", "beach", "sea", "BEACH "]) == ("sea", "beach")
    assert normalise_tags([]) == ()
    with pytest.raises(InvalidRequest, match=f"at most {MAX_TAGS} tags"):
        normalise_tags([f"t{n}" for n in range(MAX_TAGS + 1)])


def test_search_is_the_name_key_of_its_text_and_nothing_is_no_search() -> None:
    assert normalise_search("  Beach  Day ") == "beach day"
    assert normalise_search("") is None and normalise_search("   ") is None and normalise_search(None) is None
    assert name_key("Straße ﬁle.JPG") == "strasse file.jpg"
    with pytest.raises(InvalidRequest):
        normalise_search("x" * 101)


def test_a_rename_cleans_the_name_as_an_upload_does_but_never_to_nothing() -> None:
    assert new_filename("../../etc/Holiday  photo.jpg") == "Holiday photo.jpg"
    assert new_filename("untitled") == "untitled"
    for empty in ("", "   ", "\x00\x01", "/"):
        with pytest.raises(InvalidRequest, match="cannot be empty"):
            new_filename(empty)
    with pytest.raises(InvalidRequest, match="too long"):
        new_filename("a" * 1025)


def test_a_query_from_a_client_is_normalised() -> None:
    query = MediaQuery.of(tag=" Sea ", search=" BEACH ", sort=MediaSort.NAME)
    assert (query.tag, query.search, query.sort) == ("sea", "beach", MediaSort.NAME)
    assert MediaQuery.of(search="  ").search is None
