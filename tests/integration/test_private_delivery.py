"""Private delivery and deletion on the embedded stack, over real HTTP: variant URLs from GraphQL
are CloudFront signed URLs that the local /media route checks as CloudFront does; a delete leaves
nothing behind in either bucket, invalidates what the CDN may hold, and a delete interrupted after
its objects step is finished by the next deleteMedia."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from app.adapters.cloudfront_signing import load_private_key, sign_url
from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.adapters.s3_storage import S3MediaStorage
from app.client.api import MediaPipeClient
from app.domain import keys
from tests import media_factory as images
from tests.integration.conftest import Stack, upload_bytes


@pytest.fixture
def ready(alice: MediaPipeClient) -> dict[str, Any]:
    media = upload_bytes(alice, images.jpeg(320, 240), "private.jpg", "image/jpeg", preset="thumbnail")
    done = alice.wait(media["id"], timeout=60)
    assert done["status"] == "READY", done
    return done


def owner_of(media: dict[str, Any]) -> str:
    """The item's owner, as its keys spell it (whoever the stack says the caller is)."""
    path = urlsplit(media["variants"][0]["url"]).path
    match = re.fullmatch(rf"/media/([^/]+)/{media['id']}/[^/]+", path)
    assert match, path
    return match.group(1)


def unsigned(url: str) -> str:
    return url.split("?", 1)[0]


def sign(stack: Stack, url: str, expires_at: datetime) -> str:
    """What the API does, with the stack's own key (from its secret): for URLs of our choosing."""
    pem = stack.aws("secretsmanager").get_secret_value(SecretId=stack.state["urlSigningSecretId"])
    key = load_private_key(pem["SecretString"])
    return sign_url(url, expires_at, key_id=stack.state["urlSigningKeyId"], private_key=key)


def test_a_variant_url_from_graphql_is_served_and_cacheable_only_while_it_lives(
    ready: dict[str, Any],
) -> None:
    variant = ready["variants"][0]
    expires = datetime.fromisoformat(variant["urlExpiresAt"])
    assert timedelta(minutes=50) < expires - datetime.now(UTC) <= timedelta(hours=1)
    assert f"Expires={int(expires.timestamp())}&" in variant["url"]

    response = httpx.get(variant["url"])

    assert response.status_code == 200
    assert len(response.content) == variant["bytes"]
    max_age = int(response.headers["cache-control"].removeprefix("private, max-age="))
    assert 0 < max_age <= (expires - datetime.now(UTC)).total_seconds() + 1
    assert httpx.head(variant["url"]).status_code == 200


def test_a_range_is_answered_as_s3_answers_it_so_players_can_seek(ready: dict[str, Any]) -> None:
    variant = ready["variants"][0]
    whole = httpx.get(variant["url"])
    assert whole.headers["accept-ranges"] == "bytes"

    part = httpx.get(variant["url"], headers={"Range": "bytes=10-19"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 10-19/{variant['bytes']}"
    assert part.content == whole.content[10:20]
    tail = httpx.get(variant["url"], headers={"Range": "bytes=-5"})
    assert (tail.status_code, tail.content) == (206, whole.content[-5:])
    beyond = httpx.get(variant["url"], headers={"Range": f"bytes={variant['bytes'] + 10}-"})
    assert beyond.status_code == 416


def test_without_its_signature_with_another_path_or_another_expiry_a_url_gets_403(
    ready: dict[str, Any],
) -> None:
    first, second = ready["variants"][:2]
    query = first["url"].split("?", 1)[1]
    expires = re.search(r"Expires=(\d+)", first["url"])
    assert expires
    refused = {
        "unsigned": unsigned(first["url"]),
        "another path": f"{unsigned(second['url'])}?{query}",  # one variant's signature on another
        "another expiry": first["url"].replace(expires.group(0), f"Expires={int(expires.group(1)) + 3600}"),
        "another key id": re.sub(r"Key-Pair-Id=\w+", "Key-Pair-Id=K0THERKEY", first["url"]),
    }
    reasons = {}
    for name, url in refused.items():
        response = httpx.get(url)
        assert response.status_code == 403, name
        assert response.headers["content-type"].startswith("text/plain")
        assert b"\xff\xd8" not in response.content  # not a byte of the image
        reasons[name] = response.text
    assert reasons == {
        "unsigned": "Missing Expires, Signature, Key-Pair-Id query parameter",
        "another path": "Signature does not match the URL",
        "another expiry": "Signature does not match the URL",
        "another key id": "Unknown Key-Pair-Id",
    }
    assert httpx.get(first["url"]).status_code == 200  # the genuine one still works


def test_a_url_past_its_expiry_gets_403(stack: Stack, ready: dict[str, Any]) -> None:
    # GIVEN two URLs signed by the stack's key, one whose time is up and one that lives a minute
    # (expiries are whole seconds: a URL that lives "two seconds" may have barely one, so the
    # test does not race the clock)
    now = datetime.now(UTC)
    expired = sign(stack, unsigned(ready["variants"][0]["url"]), now - timedelta(seconds=1))
    living = sign(stack, unsigned(ready["variants"][0]["url"]), now + timedelta(minutes=1))
    # WHEN each is asked for THEN the living one is served and the expired one refused, with the reason
    assert httpx.get(living).status_code == 200
    response = httpx.get(expired)
    assert response.status_code == 403
    assert response.text == "Access denied: the URL has expired"


def _left_behind(stack: Stack, owner: str, media_id: str) -> list[str]:
    s3 = stack.aws("s3")
    found = []
    for bucket, prefix in (
        (stack.state["uploadsBucket"], keys.original_key(owner, media_id)),
        (stack.state["processedBucket"], keys.media_prefix(owner, media_id)),
    ):
        found += [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])]
    return found


def _invalidated_paths(stack: Stack) -> Iterator[str]:
    cloudfront = stack.aws("cloudfront")
    distribution = stack.state["distributionId"]
    listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]
    for summary in listed.get("Items", []):
        batch = cloudfront.get_invalidation(DistributionId=distribution, Id=summary["Id"])
        yield from batch["Invalidation"]["InvalidationBatch"]["Paths"]["Items"]


def test_delete_leaves_nothing_behind_and_invalidates_the_cdn(
    stack: Stack, alice: MediaPipeClient, ready: dict[str, Any]
) -> None:
    owner, media_id = owner_of(ready), ready["id"]
    assert len(_left_behind(stack, owner, media_id)) == 1 + len(ready["variants"])

    assert alice.delete(media_id) is True

    assert _left_behind(stack, owner, media_id) == []
    assert alice.media(media_id) is None
    assert {urlsplit(v["url"]).path for v in ready["variants"]} <= set(_invalidated_paths(stack))
    assert httpx.get(ready["variants"][0]["url"]).status_code == 404  # signed, but nothing there
    assert alice.delete(media_id) is False


def test_a_delete_interrupted_after_its_objects_step_is_finished_by_the_next_one(
    stack: Stack, alice: MediaPipeClient, ready: dict[str, Any]
) -> None:
    # GIVEN a delete that marked the item and removed its objects, then stopped (its Lambda timed out)
    owner, media_id = owner_of(ready), ready["id"]
    repository = DynamoMediaRepository(stack.state["tableName"], stack.aws("dynamodb"))
    assert repository.begin_delete(owner, media_id, now=datetime.now(UTC)) is not None
    S3MediaStorage(
        stack.state["uploadsBucket"], stack.state["processedBucket"], stack.aws("s3")
    ).delete_media(owner, media_id)
    # THEN the half-deleted item is gone for its owner already, but still in the table
    assert alice.media(media_id) is None
    assert media_id not in {e["node"]["id"] for e in alice.media_list(first=100)["edges"]}
    assert repository.get(owner, media_id) is not None
    # WHEN the owner deletes it again THEN the job is finished: the item is gone, the CDN invalidated
    assert alice.delete(media_id) is True
    assert repository.get(owner, media_id) is None
    assert _left_behind(stack, owner, media_id) == []
    assert {urlsplit(v["url"]).path for v in ready["variants"]} <= set(_invalidated_paths(stack))
    assert alice.delete(media_id) is False
