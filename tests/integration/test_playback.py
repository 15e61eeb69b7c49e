"""What plays, on the embedded stack over real HTTP: a video's MP4 and its HLS stream, a song's M4A,
Opus and peaks, fetched the way a player fetches them. The stream's one signed URL opens its
playlists, init segments and segments once the playlists' QUERYPARAM variables are substituted,
as hls.js and Safari do, and nothing outside its folder."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urljoin, urlsplit

import av
import httpx
import pytest

from tests import media_factory as m
from tests.integration.conftest import ALICE, Stack, upload_bytes
from tests.integration.hls_player import fetched_stream, substituted


def by_role(media: dict[str, Any], role: str) -> list[dict[str, Any]]:
    return [v for v in media["variants"] if v["role"] == role]


def processed(stack: Stack, data: bytes, filename: str, content_type: str) -> dict[str, Any]:
    with stack.client(ALICE) as alice:
        media = upload_bytes(alice, data, filename, content_type)
        done: dict[str, Any] = alice.wait(media["id"], timeout=120)
    assert done["status"] == "READY", done
    return done


@pytest.fixture(scope="module")
def clip(stack: Stack) -> dict[str, Any]:
    """A portrait phone clip: stored 320x240, shown turned a quarter."""
    return processed(
        stack, m.clip(size=(320, 240), seconds=5.0, rate=25, rotation=90), "portrait.mp4", "video/mp4"
    )


@pytest.fixture(scope="module")
def song(stack: Stack) -> dict[str, Any]:
    return processed(stack, m.sine(seconds=3.0), "tone.wav", "audio/wav")


def test_the_mp4_downloads_plays_upright_and_seeks(clip: dict[str, Any]) -> None:
    (video,) = by_role(clip, "VIDEO")
    assert (video["contentType"], video["width"], video["height"]) == ("video/mp4", 240, 320)
    assert video["durationSeconds"] == pytest.approx(5.0, abs=0.05)
    assert video["codecs"].startswith("avc1.") and video["codecs"].endswith(",mp4a.40.2")
    whole = httpx.get(video["url"])
    assert whole.status_code == 200
    assert whole.headers["content-type"] == "video/mp4"
    assert len(whole.content) == video["bytes"]
    with av.open(io.BytesIO(whole.content), "r") as played:
        frame = next(played.decode(video=0))
        assert (frame.width, frame.height) == (240, 320)
    part = httpx.get(video["url"], headers={"Range": "bytes=100-199"})
    assert (part.status_code, part.content) == (206, whole.content[100:200])


def test_the_stream_opens_every_file_its_playlists_name_and_they_play(clip: dict[str, Any]) -> None:
    (stream,) = by_role(clip, "STREAM")
    assert stream["contentType"] == "application/vnd.apple.mpegurl"
    master = httpx.get(stream["url"])
    assert master.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert "#EXT-X-STREAM-INF:BANDWIDTH=" in master.text and 'CODECS="avc1.' in master.text
    for rung, (init, *segments) in fetched_stream(stream["url"]).items():
        assert init.headers["content-type"] == "video/mp4", rung
        assert {r.headers["content-type"] for r in segments} == {"video/iso.segment"}
        joined = b"".join(r.content for r in (init, *segments))
        with av.open(io.BytesIO(joined), "r") as played:
            frames = list(played.decode(video=0))
        assert len(frames) == pytest.approx(5.0 * 25, abs=2)


def test_the_streams_files_need_its_signature_and_it_opens_nothing_else(
    clip: dict[str, Any], song: dict[str, Any]
) -> None:
    (stream,) = by_role(clip, "STREAM")
    rung = substituted(stream["url"], httpx.get(stream["url"]).text)[0]
    # A player that ignores the variables asks without the signature: refused, with the reason
    bare = urljoin(stream["url"], rung.split("?")[0].rsplit("/", 1)[1])
    refused = httpx.get(bare)
    assert (refused.status_code, refused.text) == (
        403,
        "Missing Expires, Signature, Key-Pair-Id query parameter",
    )
    # The folder's signature on another item's output, or on the video's own MP4 beside the folder
    query = urlsplit(stream["url"]).query
    for other in (by_role(song, "AUDIO")[0]["url"], by_role(clip, "VIDEO")[0]["url"]):
        elsewhere = httpx.get(f"{other.split('?')[0]}?{query}")
        assert (elsewhere.status_code, elsewhere.text) == (403, "The policy does not cover the URL")


def test_a_song_plays_as_m4a_and_opus_and_says_its_peaks_and_loudness(song: dict[str, Any]) -> None:
    audio = {v["contentType"]: v for v in by_role(song, "AUDIO")}
    assert set(audio) == {"audio/mp4", "audio/ogg"}
    assert (audio["audio/mp4"]["codecs"], audio["audio/ogg"]["codecs"]) == ("mp4a.40.2", "opus")
    for variant in audio.values():
        response = httpx.get(variant["url"])
        assert response.headers["content-type"] == variant["contentType"]
        with av.open(io.BytesIO(response.content), "r") as played:
            seconds = sum(f.samples for f in played.decode(audio=0)) / 48000
        assert seconds == pytest.approx(3.0, abs=0.045)
        assert variant["durationSeconds"] == pytest.approx(3.0, abs=0.045)
    (peaks,) = by_role(song, "PEAKS")
    document = json.loads(httpx.get(peaks["url"]).content)
    assert (document["version"], document["bits"], document["length"]) == (2, 8, 300)
    assert song["metadata"]["loudnessLufs"] == pytest.approx(-3.7, abs=0.3)
