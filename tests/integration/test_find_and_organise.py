"""Finding and organising one's items through the running stack: mediaList's filters, search and
orders, updateMedia's rename and tags (and their refusals), over GraphQL and the `mediapipe`
command; nobody else's items ever show."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.client.api import ApiError, MediaPipeClient
from app.client.exit_codes import ExitCode
from tests import media_factory as images
from tests.integration.conftest import Stack, upload_bytes
from tests.integration.test_cli import home, run_cli  # noqa: F401  # `home` is a fixture

ORGANISER = "organiser@example.com"


@pytest.fixture(scope="module")
def organiser(stack: Stack) -> Iterator[MediaPipeClient]:
    with stack.client(ORGANISER) as client:
        yield client


@pytest.fixture(scope="module")
def stocked(organiser: MediaPipeClient) -> dict[str, str]:
    """Three READY photos of different sizes and names, and one REJECTED: name -> id."""
    ids = {}
    for name, data in [
        ("Beach day.jpg", images.jpeg(900, 600)),
        ("alps.jpg", images.jpeg(300, 200)),
        ("zebra crossing.jpg", images.jpeg(1600, 1200)),
        ("broken.jpg", images.jpeg(300, 200)[:200]),
    ]:
        item = upload_bytes(organiser, data, name, "image/jpeg")
        organiser.wait(item["id"])
        ids[name] = item["id"]
    return ids


def names(page: dict[str, Any]) -> list[str]:
    return [edge["node"]["filename"] for edge in page["edges"]]


def test_lists_filter_search_and_sort_and_renames_and_tags_move_items(
    organiser: MediaPipeClient, stocked: dict[str, str], bob: MediaPipeClient
) -> None:
    # GIVEN four items WHEN listed in each order THEN each order holds
    by_name = organiser.media_list(sort="NAME")
    assert names(by_name) == ["alps.jpg", "Beach day.jpg", "broken.jpg", "zebra crossing.jpg"]
    assert names(organiser.media_list(sort="NAME_DESC")) == names(by_name)[::-1]
    largest = organiser.media_list(sort="LARGEST", status="READY")
    sizes = [edge["node"]["size"] for edge in largest["edges"]]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == 3
    assert names(organiser.media_list(sort="OLDEST"))[0] == "Beach day.jpg"
    assert names(organiser.media_list(search="BEACH")) == ["Beach day.jpg"]
    assert names(organiser.media_list(status="REJECTED")) == ["broken.jpg"]
    assert names(organiser.media_list(kind="VIDEO")) == []

    # WHEN one is renamed and tagged THEN the lists follow at once
    renamed = organiser.update_media(
        stocked["alps.jpg"], filename="Matterhorn.jpg", tags=["Holiday", " swiss  alps"]
    )
    assert (renamed["filename"], renamed["tags"]) == ("Matterhorn.jpg", ["holiday", "swiss alps"])
    assert names(organiser.media_list(tag="HOLIDAY")) == ["Matterhorn.jpg"]
    assert names(organiser.media_list(sort="NAME", status="READY")) == [
        "Beach day.jpg",
        "Matterhorn.jpg",
        "zebra crossing.jpg",
    ]
    assert names(organiser.media_list(search="alps")) == []

    # AND pages of a sorted list go on where they stopped
    first = organiser.media_list(first=2, sort="NAME")
    assert first["pageInfo"]["hasNextPage"]
    rest = organiser.media_list(first=2, sort="NAME", after=first["pageInfo"]["endCursor"])
    assert names(first) + names(rest) == [
        "Beach day.jpg",
        "broken.jpg",
        "Matterhorn.jpg",
        "zebra crossing.jpg",
    ]

    # AND another person sees none of it, and cannot rename it
    assert names(bob.media_list(search="beach")) == []
    with pytest.raises(ApiError) as refused:
        bob.update_media(stocked["Beach day.jpg"], filename="mine.jpg")
    assert refused.value.code == "NOT_FOUND"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tags": ["<b>"]}, "has characters a tag cannot have"),
        ({"tags": [f"t{n}" for n in range(21)]}, "at most 20 tags"),
        ({"filename": "  "}, "cannot be empty"),
        ({}, "Give a filename, tags or both"),
    ],
)
def test_a_bad_change_is_refused_with_a_reason_and_changes_nothing(
    organiser: MediaPipeClient, stocked: dict[str, str], change: dict[str, object], message: str
) -> None:
    media_id = stocked["zebra crossing.jpg"]
    before = organiser.media(media_id)
    with pytest.raises(ApiError) as refused:
        organiser.update_media(media_id, **change)  # type: ignore[arg-type]
    assert refused.value.code == "INVALID_INPUT" and message in refused.value.message
    assert organiser.media(media_id) == before


def test_a_bad_cursor_or_search_is_refused(organiser: MediaPipeClient, stocked: dict[str, str]) -> None:
    by_date = organiser.media_list(first=1)
    with pytest.raises(ApiError) as refused:
        organiser.media_list(first=1, sort="LARGEST", after=by_date["pageInfo"]["endCursor"])
    assert refused.value.code == "BAD_CURSOR"
    with pytest.raises(ApiError) as long_search:
        organiser.media_list(search="x" * 101)
    assert long_search.value.code == "INVALID_INPUT"


def test_the_cli_lists_with_filters_renames_and_tags(home: Path, stack: Stack, tmp_path: Path) -> None:  # noqa: F811
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(home, *args, "--api-url", stack.graphql_url)

    photo = tmp_path / "Sunset.jpg"
    photo.write_bytes(images.jpeg(320, 240))
    upload = cli("upload", "--wait", "--json", str(photo))
    assert upload.returncode == 0, upload.stderr
    media_id = json.loads(upload.stdout)[0]["media_id"]

    tagged = cli("tag", media_id, "Evening", "sky", "--json")
    assert tagged.returncode == 0, tagged.stderr
    assert json.loads(tagged.stdout)["tags"] == ["evening", "sky"]
    assert json.loads(cli("tag", media_id, "--remove", "SKY", "--json").stdout)["tags"] == ["evening"]
    renamed = cli("rename", media_id, "Golden hour.jpg")
    assert renamed.returncode == 0 and f"renamed {media_id} to Golden hour.jpg" in renamed.stderr

    listed = cli("ls", "--tag", "evening", "--search", "golden", "--sort", "name", "--json")
    assert listed.returncode == 0, listed.stderr
    (node,) = [edge["node"] for edge in json.loads(listed.stdout)["edges"]]
    assert (node["id"], node["filename"], node["tags"]) == (media_id, "Golden hour.jpg", ["evening"])

    bad = cli("tag", media_id, "<x>")
    assert bad.returncode == ExitCode.FAILED and "INVALID_INPUT" in bad.stderr
    nothing = cli("tag", media_id)
    assert nothing.returncode == ExitCode.FAILED and "--clear" in nothing.stderr
    assert json.loads(cli("tag", media_id, "new", "--clear", "--json").stdout)["tags"] == ["new"]
    assert cli("ls", "--sort", "sideways").returncode == ExitCode.USAGE
