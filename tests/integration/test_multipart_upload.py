"""Big files in parts through the running stack (API, emulated S3 behind its guard, worker): a 200 MiB
upload interrupted after two parts and resumed without sending them again, a part that fails twice
and then goes, size and type lies refused, abort leaving no parts, and the CLI resuming a killed
upload from its ledger."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.adapters.s3_storage import S3MediaStorage
from app.adapters.table_schema import TTL_ATTRIBUTE, media_sk, owner_pk
from app.client.api import ApiError, MediaPipeClient
from app.client.parts import UploadLedger, fingerprint, upload_in_parts
from app.domain import keys
from app.domain.multipart import MIB
from app.domain.ports import UploadGone
from tests import media_factory
from tests.integration.conftest import Stack, eventually
from tests.integration.test_cli import run_cli, start_cli

PARTS_USER = "parts-user@example.com"
PARTS_PASSWORD = "Parts-pass-2026"


@pytest.fixture(scope="module")
def big_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_factory.big_video(tmp_path_factory.mktemp("big") / "big.mov", 200)


@pytest.fixture
def client(stack: Stack) -> Iterator[MediaPipeClient]:
    with MediaPipeClient(stack.endpoint(PARTS_USER, PARTS_PASSWORD)) as signed_in:
        yield signed_in


class CountingClient(MediaPipeClient):
    """The real client, counting the parts it PUTs; `failures` answers the first tries of a part
    with S3's 503 SlowDown before it is really sent."""

    def __init__(self, stack: Stack, failures: dict[int, int] | None = None) -> None:
        super().__init__(stack.endpoint(PARTS_USER, PARTS_PASSWORD))
        self.sent: list[int] = []
        self.failures = dict(failures or {})

    def put_part(self, url: str, data: bytes) -> httpx.Response:
        number = int(httpx.URL(url).params["partNumber"])
        if self.failures.get(number, 0) > 0:
            self.failures[number] -= 1
            self.sent.append(-number)  # a try that failed
            return httpx.Response(503, text="<Error><Code>SlowDown</Code></Error>")
        self.sent.append(number)
        return super().put_part(url, data)


def test_a_big_upload_interrupted_after_two_parts_resumes_without_sending_them_again(
    stack: Stack, big_video: Path, tmp_path: Path
) -> None:
    # GIVEN an upload in parts of which two were sent before the connection dropped
    counting = CountingClient(stack)
    size = big_video.stat().st_size
    created = counting.create_multipart_upload(big_video.name, "video/quicktime", size)
    media_id, part_size = created["media"]["id"], created["partSize"]
    parts = -(-size // part_size)
    assert part_size == 8 * MIB and parts == 26
    urls = {u["partNumber"]: u["url"] for u in created["parts"]}
    with big_video.open("rb") as source:
        for number in (1, 2):
            assert counting.put_part(urls[number], source.read(part_size)).status_code == 200
    ledger = UploadLedger(tmp_path / "uploads.json")
    ledger.remember(counting.api_url, fingerprint(big_video), media_id)
    assert [p["partNumber"] for p in counting.uploaded_parts(media_id)] == [1, 2]

    # WHEN the same file is uploaded again
    started = time.monotonic()
    sent = upload_in_parts(counting, big_video, "video/quicktime", api_url=counting.api_url, ledger=ledger)
    seconds = time.monotonic() - started

    # THEN only the other 24 parts go, each once, and the item is the same one
    assert (sent.resumed, sent.sent_parts, sent.parts) == (True, 24, 26)
    assert sorted(counting.sent) == [1, 2, *range(3, 27)]
    assert sent.media["id"] == media_id
    assert ledger.find(counting.api_url, fingerprint(big_video)) is None  # finished: forgotten
    done = counting.wait(media_id, timeout=120)
    assert done["status"] == "READY", done.get("error")
    assert done["size"] == size
    print(f"\n24 parts ({24 * part_size / MIB:.0f} MiB) to the local stack in {seconds:.1f} s: "
          f"{24 * part_size / MIB / seconds:.0f} MiB/s")  # fmt: skip


def test_a_part_that_fails_twice_is_sent_again_alone(stack: Stack, tmp_path: Path) -> None:
    clip = media_factory.big_video(tmp_path / "clip.mov", 20)
    counting = CountingClient(stack, failures={2: 2})
    sent = upload_in_parts(
        counting,
        clip,
        "video/quicktime",
        api_url=counting.api_url,
        ledger=UploadLedger(tmp_path / "uploads.json"),
        sleep=lambda _: None,
    )
    assert sorted(counting.sent) == [-2, -2, 1, 2, 3]  # part 2 twice refused, then sent; no other again
    assert counting.wait(sent.media["id"])["status"] == "READY"
    # A completion asked again (its answer lost to a timeout) answers with the item, not an error.
    assert counting.complete_multipart_upload(sent.media["id"], [])["status"] == "READY"


class AnswerLostClient(CountingClient):
    """Every completion goes through, but its answer never comes back (a gateway's timeout)."""

    def complete_multipart_upload(
        self, media_id: str, parts: list[dict[str, Any]], **_: Any
    ) -> dict[str, Any]:
        super().complete_multipart_upload(media_id, parts)
        raise ApiError("The API could not be reached.", "UNREACHABLE")


def test_the_same_file_again_after_a_lost_completion_is_that_item_not_a_second(
    stack: Stack, tmp_path: Path
) -> None:
    # GIVEN an upload in parts whose completion went through unseen: the ledger still holds it
    clip = media_factory.big_video(tmp_path / "lost.mov", 20)
    ledger = UploadLedger(tmp_path / "uploads.json")
    lost = AnswerLostClient(stack)
    with pytest.raises(ApiError, match="could not be reached"):
        upload_in_parts(lost, clip, "video/quicktime", api_url=lost.api_url, ledger=ledger)
    media_id = ledger.find(lost.api_url, fingerprint(clip))
    assert media_id is not None
    # WHEN the same file is uploaded again (its arrival recorded by then or not)
    counting = CountingClient(stack)
    again = upload_in_parts(counting, clip, "video/quicktime", api_url=counting.api_url, ledger=ledger)
    # THEN that item is the answer: no part goes again, no second item, and the ledger forgets it
    assert (again.media["id"], again.resumed, again.sent_parts, counting.sent) == (media_id, True, 0, [])
    assert ledger.find(counting.api_url, fingerprint(clip)) is None
    assert counting.wait(media_id)["status"] == "READY"
    listed = counting.media_list(first=100, search="lost.mov")["edges"]
    assert [edge["node"]["id"] for edge in listed] == [media_id]


def test_more_bytes_than_declared_are_refused_and_nothing_is_kept(
    stack: Stack, client: MediaPipeClient
) -> None:
    created = client.create_multipart_upload("liar.mov", "video/quicktime", 9 * MIB)
    media_id = created["media"]["id"]
    urls = {u["partNumber"]: u["url"] for u in created["parts"]}
    etags = [client.put_part(urls[n], os.urandom(8 * MIB)).headers["etag"] for n in (1, 2)]  # 16 MiB sent
    with pytest.raises(ApiError) as refused:
        client.complete_multipart_upload(
            media_id, [{"partNumber": n, "etag": e} for n, e in zip((1, 2), etags, strict=True)]
        )
    assert refused.value.code == "TOO_LARGE"
    assert "declared 9,437,184" in refused.value.message
    assert client.media(media_id) is None
    assert _open_uploads(stack, stack.owner(PARTS_USER), media_id) == []


def test_a_file_that_is_not_its_declared_type_ends_rejected(client: MediaPipeClient, tmp_path: Path) -> None:
    fake = tmp_path / "not-a-video.mov"
    fake.write_bytes(b"%PDF-1.7\n" + os.urandom(17 * MIB))  # a document, declared as a video
    sent = upload_in_parts(
        client, fake, "video/quicktime", api_url=client.api_url, ledger=UploadLedger(tmp_path / "u.json")
    )
    done = client.wait(sent.media["id"])
    assert done["status"] == "REJECTED"
    assert done["error"]["code"] == "TYPE_MISMATCH"


def test_once_joined_the_upload_is_gone_from_storage_and_a_completion_asked_again_is_the_item(
    stack: Stack, client: MediaPipeClient
) -> None:
    # GIVEN an upload in parts, joined
    created = client.create_multipart_upload("twice.mov", "video/quicktime", 6 * MIB)
    media_id, owner = created["media"]["id"], stack.owner(PARTS_USER)
    [open_upload] = _open_uploads(stack, owner, media_id)
    etag = client.put_part(created["parts"][0]["url"], os.urandom(6 * MIB)).headers["etag"]
    parts = [{"partNumber": 1, "etag": etag}]
    assert client.complete_multipart_upload(media_id, parts)["id"] == media_id
    # THEN S3 lists no parts of it any more, which the storage says as UploadGone (the API cannot
    # look at the original instead: its role has no s3:GetObject) ...
    storage = S3MediaStorage(stack.state["uploadsBucket"], stack.state["processedBucket"], stack.aws("s3"))
    key, upload_id = keys.original_key(owner, media_id), open_upload["UploadId"]
    with pytest.raises(UploadGone):
        storage.uploaded_parts(key, upload_id)
    # ... and the completion asked again, whether or not the file's arrival was recorded yet, is the item
    assert client.complete_multipart_upload(media_id, parts)["id"] == media_id
    assert client.wait(media_id)["status"] == "REJECTED"  # random bytes: no video, as the processor finds


def test_abort_leaves_no_parts_and_no_item(stack: Stack, client: MediaPipeClient) -> None:
    created = client.create_multipart_upload("dropped.mov", "video/quicktime", 20 * MIB)
    media_id = created["media"]["id"]
    assert client.put_part(created["parts"][0]["url"], os.urandom(8 * MIB)).status_code == 200
    owner = stack.owner(PARTS_USER)
    assert len(_open_uploads(stack, owner, media_id)) == 1
    assert client.abort_upload(media_id) is True
    assert _open_uploads(stack, owner, media_id) == []
    assert client.media(media_id) is None
    assert client.abort_upload(media_id) is False


def test_an_upload_past_its_ttl_is_gone_with_its_parts(stack: Stack, client: MediaPipeClient) -> None:
    # GIVEN an upload in parts, one part in, whose day has passed (its TTL moved into the past, as a
    # day's wait would leave it; DynamoDB's own TTL sweep may take a day or two more)
    created = client.create_multipart_upload("forgotten.mov", "video/quicktime", 20 * MIB)
    media_id = created["media"]["id"]
    assert client.put_part(created["parts"][0]["url"], os.urandom(8 * MIB)).status_code == 200
    owner = stack.owner(PARTS_USER)
    stack.aws("dynamodb").update_item(
        TableName=stack.state["tableName"],
        Key={"pk": {"S": owner_pk(owner)}, "sk": {"S": media_sk(media_id)}},
        UpdateExpression="SET #ttl = :past",
        ExpressionAttributeNames={"#ttl": TTL_ATTRIBUTE},
        ExpressionAttributeValues={":past": {"N": str(int(time.time()) - 60)}},
    )

    # WHEN its owner lists their media THEN it is not there, and neither are its parts nor its item
    assert media_id not in {e["node"]["id"] for e in client.media_list(first=100)["edges"]}
    assert _open_uploads(stack, owner, media_id) == []
    assert client.media(media_id) is None
    assert "Item" not in stack.aws("dynamodb").get_item(
        TableName=stack.state["tableName"],
        Key={"pk": {"S": owner_pk(owner)}, "sk": {"S": media_sk(media_id)}},
    )


def test_someone_elses_upload_cannot_be_resumed_completed_or_aborted(
    client: MediaPipeClient, bob: MediaPipeClient
) -> None:
    created = client.create_multipart_upload("mine.mov", "video/quicktime", 20 * MIB)
    media_id = created["media"]["id"]
    for call in (
        lambda: bob.uploaded_parts(media_id),
        lambda: bob.upload_part_urls(media_id, [1]),
        lambda: bob.complete_multipart_upload(media_id, []),
    ):
        with pytest.raises(ApiError) as refused:
            call()
        assert refused.value.code == "NOT_FOUND"
    assert bob.abort_upload(media_id) is False
    assert client.abort_upload(media_id) is True


def test_the_cli_resumes_an_upload_it_was_killed_in(
    stack: Stack, big_video: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # GIVEN `mediapipe upload` killed once a few parts are in
    home = tmp_path_factory.mktemp("parts-config")
    stack.endpoint(PARTS_USER, PARTS_PASSWORD)
    login = run_cli(home, "login", "--api-url", stack.graphql_url, email=PARTS_USER, password=PARTS_PASSWORD)
    assert login.returncode == 0, login.stderr
    command = ["upload", str(big_video), "--wait", "--json", "--api-url", stack.graphql_url]
    first = start_cli(home, *command)
    ledger = UploadLedger(home / "mediapipe" / "uploads.json")
    key = fingerprint(big_video)
    with MediaPipeClient(stack.endpoint(PARTS_USER, PARTS_PASSWORD)) as client:
        eventually(lambda: ledger.find(stack.graphql_url, key) is not None, timeout=30, interval=0.05)
        media_id = ledger.find(stack.graphql_url, key)
        assert media_id is not None
        eventually(lambda: len(client.uploaded_parts(media_id)) >= 2, timeout=60, interval=0.05)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        held = len(client.uploaded_parts(media_id))
        assert 2 <= held < 26

        # WHEN the same command runs again THEN it continues that upload to READY
        again = run_cli(home, *command)
    assert again.returncode == 0, again.stderr
    (row,) = json.loads(again.stdout)
    assert (row["media_id"], row["status"], row["resumed"]) == (media_id, "READY", True)
    assert ledger.find(stack.graphql_url, key) is None


def test_a_cli_upload_paused_sends_nothing_until_resumed_then_finishes(
    stack: Stack, big_video: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # GIVEN `mediapipe upload` of one file, a few parts in
    home = tmp_path_factory.mktemp("pause-config")
    stack.endpoint(PARTS_USER, PARTS_PASSWORD)
    login = run_cli(home, "login", "--api-url", stack.graphql_url, email=PARTS_USER, password=PARTS_PASSWORD)
    assert login.returncode == 0, login.stderr
    uploading = start_cli(home, "upload", str(big_video), "--wait", "--json", "--api-url", stack.graphql_url)
    ledger = UploadLedger(home / "mediapipe" / "uploads.json")
    with MediaPipeClient(stack.endpoint(PARTS_USER, PARTS_PASSWORD)) as client:
        eventually(lambda: ledger.find(stack.graphql_url, fingerprint(big_video)) is not None, timeout=30)
        media_id = ledger.find(stack.graphql_url, fingerprint(big_video))
        assert media_id is not None
        eventually(lambda: len(client.uploaded_parts(media_id)) >= 2, timeout=60, interval=0.05)

        # WHEN it is paused (Ctrl-Z, or kill -STOP) THEN no part arrives while it waits
        uploading.send_signal(signal.SIGSTOP)
        time.sleep(1.0)  # a part whose bytes were all on the wire may still land
        paused_at = len(client.uploaded_parts(media_id))
        time.sleep(3.0)
        assert len(client.uploaded_parts(media_id)) == paused_at < 26

        # WHEN it is resumed (fg, or kill -CONT) THEN the same run goes on to READY
        uploading.send_signal(signal.SIGCONT)
        out, err = uploading.communicate(timeout=240)
    assert uploading.returncode == 0, err
    (row,) = json.loads(out)
    assert (row["media_id"], row["status"], row["resumed"]) == (media_id, "READY", False)


def _open_uploads(stack: Stack, owner: str, media_id: str) -> list[dict[str, Any]]:
    listed = stack.aws("s3").list_multipart_uploads(
        Bucket=stack.state["uploadsBucket"], Prefix=keys.original_key(owner, media_id)
    )
    uploads: list[dict[str, Any]] = listed.get("Uploads", [])
    return uploads
