"""createUpload -> presigned POST -> S3 event -> SQS -> worker -> READY, over real HTTP."""

from __future__ import annotations

import io
import time

import httpx
from PIL import Image

from app.client.api import MediaPipeClient
from tests import media_factory as images
from tests.integration.conftest import Stack, eventually, upload_bytes


def test_a_photo_goes_from_upload_to_ready_with_downloadable_variants(
    alice: MediaPipeClient, report: dict[str, list[float]]
) -> None:
    started = time.monotonic()
    media = upload_bytes(alice, images.jpeg(1600, 1200, gps=True), "holiday.jpg", "image/jpeg")
    assert media["status"] == "AWAITING_UPLOAD"
    done = alice.wait(media["id"], timeout=60)
    report.setdefault("upload->READY seconds (generated 1600x1200 JPEG)", []).append(
        time.monotonic() - started
    )

    assert done["status"] == "READY", done
    assert done["error"] is None
    assert done["metadata"]["width"] == 1600
    assert done["metadata"]["detectedType"] == "image/jpeg"
    by_name = {(v["name"], v["format"]): v for v in done["variants"]}
    assert set(by_name) == {(f"w{w}", f) for w in (1600, 1280, 640, 320) for f in ("webp", "jpeg")}
    for variant in done["variants"]:
        response = httpx.get(variant["url"])
        assert response.status_code == 200
        assert response.headers["content-type"] == f"image/{variant['format']}"
        assert response.headers["cache-control"].startswith("private, max-age=")  # see test_private_delivery
        assert len(response.content) == variant["bytes"]
        image = Image.open(io.BytesIO(response.content))
        assert image.size == (variant["width"], variant["height"])
        assert images.is_upright(image)
        assert b"Exif" not in response.content


def test_variants_live_under_the_items_key_prefix(alice: MediaPipeClient, stack: Stack) -> None:
    media = upload_bytes(alice, images.jpeg(300, 200), "small.jpg", "image/jpeg", preset="thumbnail")
    done = alice.wait(media["id"], timeout=60)
    assert done["status"] == "READY"
    assert done["preset"] == "thumbnail"
    assert {(v["width"], v["height"]) for v in done["variants"]} == {(200, 200), (160, 160)}
    listed = stack.aws("s3").list_objects_v2(Bucket=stack.state["processedBucket"], Prefix="media/")
    keys = {obj["Key"] for obj in listed.get("Contents", []) if media["id"] in obj["Key"]}
    assert len(keys) == len(done["variants"])
    assert all(k.startswith(f"media/{stack.owner()}/{media['id']}/") for k in keys)
    original = stack.aws("s3").list_objects_v2(Bucket=stack.state["uploadsBucket"], Prefix="originals/")
    assert any(obj["Key"].endswith(f"/{media['id']}") for obj in original["Contents"])
    assert all("small.jpg" not in obj["Key"] for obj in original["Contents"])  # filenames never become keys


def test_listing_is_newest_first_and_filterable_by_status(alice: MediaPipeClient) -> None:
    first = upload_bytes(alice, images.jpeg(64, 64), "a.jpg", "image/jpeg")
    second = upload_bytes(alice, images.jpeg(64, 64), "b.jpg", "image/jpeg")
    alice.wait(first["id"])
    alice.wait(second["id"])
    page = alice.media_list(first=2)
    assert [e["node"]["id"] for e in page["edges"]] == [second["id"], first["id"]]
    ready = alice.media_list(first=100, status="READY")
    assert {second["id"], first["id"]} <= {e["node"]["id"] for e in ready["edges"]}
    assert alice.media_list(first=100, status="FAILED")["edges"] == []


def test_delete_removes_the_item_its_original_and_its_variants(alice: MediaPipeClient, stack: Stack) -> None:
    media = upload_bytes(alice, images.jpeg(400, 300), "gone.jpg", "image/jpeg")
    done = alice.wait(media["id"])
    assert done["status"] == "READY"
    assert alice.delete(media["id"]) is True
    assert alice.media(media["id"]) is None
    for variant in done["variants"]:
        assert httpx.get(variant["url"]).status_code == 404
    s3 = stack.aws("s3")
    for bucket in (stack.state["uploadsBucket"], stack.state["processedBucket"]):
        listed = s3.list_objects_v2(Bucket=bucket)
        assert all(media["id"] not in obj["Key"] for obj in listed.get("Contents", []))
    assert alice.delete(media["id"]) is False


def test_a_file_posted_after_its_item_was_deleted_does_not_stay(alice: MediaPipeClient, stack: Stack) -> None:
    # GIVEN an upload created and deleted before its file was sent (its presigned POST still valid)
    data = images.jpeg(64, 64)
    payload = alice.create_upload("late.jpg", "image/jpeg", len(data))
    media_id, upload = payload["media"]["id"], payload["upload"]
    assert alice.delete(media_id) is True
    # WHEN the file arrives after all
    posted = httpx.post(
        upload["url"], data=upload["fields"], files={"file": ("late.jpg", data, "image/jpeg")}
    )
    assert posted.status_code == 204
    # THEN the processor finds no item for it and removes it: nothing of it stays in the bucket
    s3, key = stack.aws("s3"), upload["fields"]["key"]

    def original_is_gone() -> bool:
        listed = s3.list_objects_v2(Bucket=stack.state["uploadsBucket"], Prefix=key)
        return not listed.get("Contents")

    eventually(original_is_gone, timeout=60)
    assert alice.media(media_id) is None
