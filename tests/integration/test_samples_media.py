"""Every real sample file through the embedded stack (moto + API + worker running the processor
Lambda's handler): each ends READY with the expected variants or REJECTED with a fitting code,
every output decodes and matches its stated size, no output carries EXIF or GPS, orientation
samples come out upright, and the worker is still working after all the hostile ones.

Samples come from ../shared/samples (or MEDIAPIPE_SAMPLES); without them the module is skipped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import av
import httpx
import pytest
from PIL import Image, ImageChops, ImageStat

from app.client.api import ApiError, MediaPipeClient
from app.client.commands import detect_content_type
from tests.conftest import samples_root
from tests.integration.conftest import SAMPLES_USER, Stack
from tests.integration.hls_player import fetched_stream

pytestmark = pytest.mark.samples

SAMPLES = samples_root()
FOLDERS = ("orientation", "photos", "formats", "video", "audio", "bad")
DEFAULT_WIDTHS = ("w1920", "w1280", "w640", "w320")
LANDSCAPE = ("w1800", "w1280", "w640", "w320")
PORTRAIT = ("w1200", "w640", "w320")
PLAYS = ("video", "stream")  # the default preset's MP4 and HLS stream
SONG = ("waveform", "peaks", "audio-m4a", "audio-opus")
PICTURES = {"IMAGE", "POSTER", "PREVIEW", "WAVEFORM"}

# file -> (READY or the error code, the variant names when READY). The reasons are in SOURCES.md.
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    **{f"orientation/Landscape_{n}.jpg": ("READY", LANDSCAPE) for n in range(9)},
    **{f"orientation/Portrait_{n}.jpg": ("READY", PORTRAIT) for n in range(9)},
    "photos/33-type_error.jpg": ("READY", DEFAULT_WIDTHS),
    "photos/87_OSError.jpg": ("READY", ("w1488", "w1280", "w640", "w320")),
    "photos/DSCN0010.jpg": ("READY", ("w640", "w320")),
    "photos/HMD_Nokia_8.3_5G.jpg": ("READY", DEFAULT_WIDTHS),
    "photos/canon_hdr_NO.jpg": ("READY", ("w1536", "w1280", "w640", "w320")),
    "photos/iphone_hdr_NO.jpg": ("READY", DEFAULT_WIDTHS),
    "photos/jolla.jpg": ("READY", DEFAULT_WIDTHS),
    "photos/nikon-e950.jpg": ("READY", ("w800", "w640", "w320")),
    "formats/5_webp_a.webp": ("READY", ("w300",)),
    "formats/Channel_digital_image_CMYK_color.jpg": ("READY", ("w500", "w320")),
    "formats/IMG_5195.HEIC": ("READY", DEFAULT_WIDTHS),
    "formats/animated-loop-3.gif": ("READY", ("w370", "w320", "animated")),
    "formats/animated-loop-3.webp": ("READY", ("w370", "w320", "animated")),
    "formats/app13-multiple.jpg": ("READY", ("w256",)),
    "formats/avif-orientation-6.avif": ("READY", DEFAULT_WIDTHS),
    "formats/concert.jpg": ("READY", ("w400", "w320")),
    "formats/flower2.webp": ("READY", ("w300",)),
    "formats/fox.profile0.8bpc.yuv420.avif": ("READY", ("w1204", "w640", "w320")),
    "formats/hopper.bmp": ("READY", ("w128",)),
    "formats/hopper_lzw.tif": ("READY", ("w128",)),
    "formats/indexed.png": ("READY", ("w290",)),
    "formats/iss634.webp": ("READY", ("w245", "animated")),
    "formats/kimono.rotate90.avif": ("READY", ("w722", "w640", "w320")),
    "formats/lossless1.webp": ("READY", ("w1000", "w640", "w320")),
    "formats/multipage.tiff": ("READY", ("w10",)),
    "formats/sample.png": ("READY", ("w290",)),
    "formats/transparent.png": ("READY", ("w200",)),
    "video/flower.mp4": ("READY", ("poster-w960", "poster-w640", "poster-w320", "preview", *PLAYS)),
    "video/flower.webm": ("READY", ("poster-w960", "poster-w640", "poster-w320", "preview", *PLAYS)),
    "video/iphone_rotated.mov": ("READY", ("poster-w320", "preview", *PLAYS)),
    "audio/jfk.wav": ("READY", SONG),
    "audio/t-rex-roar.mp3": ("READY", SONG),
    "bad/17000x17000.avif": ("TOO_MANY_PIXELS", ()),
    "bad/65536-uint32-limit.png": ("TOO_MANY_PIXELS", ()),
    "bad/broken.png": ("CORRUPT", ()),
    "bad/broken_data_stream.png": ("CORRUPT", ()),
    "bad/bug_double_free.jpg": ("UNSUPPORTED_DIMENSIONS", ()),  # 32540x255 declared: past 100:1
    "bad/corrupt-header.jpg": ("CORRUPT", ()),
    "bad/crash-0c7e0e8e11ce787078f00b5b0ca409a167f070e0.tif": ("CORRUPT", ()),
    "bad/decompression_bomb.gif": ("TOO_MANY_PIXELS", ()),
    "bad/decompression_bomb_extents.gif": ("TOO_MANY_PIXELS", ()),
    "bad/empty.jpeg": ("INVALID_INPUT", ()),  # createUpload refuses a zero-byte file up front
    "bad/giant-image.jpg": ("TOO_MANY_PIXELS", ()),
    "bad/heic_hdlr_box.jpg": ("READY", ("w1440", "w1280", "w640", "w320")),  # a HEIC named .jpg
    "bad/invalid-exif.jpg": ("READY", ("w200",)),
    "bad/oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif": ("CORRUPT", ()),
    "bad/png-pretending-to-be.bmp": ("READY", ("w206",)),
    "bad/png_decompression_dos.png": ("CORRUPT", ()),
    "bad/reallybig.bmp": ("TOO_MANY_PIXELS", ()),
    "bad/truncated.gif": ("CORRUPT", ()),
    "bad/truncated_header.gif": ("TYPE_MISMATCH", ()),  # "GIF8" alone: no known format
    "bad/truncated_image.png": ("CORRUPT", ()),
    "bad/truncated_jpeg.jpg": ("CORRUPT", ()),
    "bad/xcsn0g01.png": ("READY", ("w32",)),  # a bad CRC Pillow tolerates; the pixels are fine
    "bad/xdtn0g01.png": ("CORRUPT", ()),
    "bad/xhdn0g08.png": ("CORRUPT", ()),
    "bad/xs2n0g01.png": ("TYPE_MISMATCH", ()),  # bad PNG signature: not a PNG at all
    "bad/zero_width.gif": ("CORRUPT", ()),
}
REJECTED_CODES = {"TOO_MANY_PIXELS", "CORRUPT", "TYPE_MISMATCH", "TOO_MANY_FRAMES", "TOO_LONG", "EMPTY"}


def sample_files() -> list[str]:
    return sorted(str(p.relative_to(SAMPLES)) for folder in FOLDERS for p in (SAMPLES / folder).glob("*"))


@pytest.fixture(scope="module")
def client(stack: Stack) -> Iterator[MediaPipeClient]:
    """The session's stack, under a key of its own so these items stay apart from other tests'."""
    if not (SAMPLES / "bad").is_dir():
        pytest.skip(f"no sample media at {SAMPLES} (set MEDIAPIPE_SAMPLES to run these)")
    with stack.client(SAMPLES_USER) as api:
        yield api


@pytest.fixture(scope="module")
def outcomes(client: MediaPipeClient) -> dict[str, dict[str, Any]]:
    """Upload every sample (four at a time), then wait for each to finish."""

    def upload(name: str) -> tuple[str, dict[str, Any]]:
        path = SAMPLES / name
        try:
            media = client.upload_path(path, detect_content_type(path))
        except ApiError as error:
            return name, {"status": "REFUSED", "error": {"code": error.code}, "variants": []}
        return name, media

    with ThreadPoolExecutor(max_workers=4) as pool:
        created = dict(pool.map(upload, sample_files()))
    return {
        name: media if media["status"] == "REFUSED" else client.wait(media["id"], timeout=180)
        for name, media in created.items()
    }


def test_the_table_covers_every_sample() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"no sample media at {SAMPLES}")
    assert sorted(EXPECTED) == sample_files()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_ends_as_expected(name: str, outcomes: dict[str, dict[str, Any]]) -> None:
    media = outcomes[name]
    expected_status, expected_variants = EXPECTED[name]
    if expected_status == "READY":
        assert media["status"] == "READY", media.get("error")
        assert tuple(dict.fromkeys(v["name"] for v in media["variants"])) == expected_variants
        assert media["metadata"]["detectedType"]
    else:
        assert media["status"] in {"REJECTED", "REFUSED"}, media
        assert media["error"]["code"] == expected_status
        assert media["variants"] == []


@pytest.mark.parametrize("name", sorted(n for n, (status, _) in EXPECTED.items() if status == "READY"))
def test_outputs_decode_at_their_size_and_carry_no_exif(
    name: str, outcomes: dict[str, dict[str, Any]]
) -> None:
    media = outcomes[name]
    for variant in (v for v in media["variants"] if v["role"] in PICTURES):
        data = httpx.get(variant["url"], timeout=30).raise_for_status().content
        assert len(data) == variant["bytes"]
        image = Image.open(io.BytesIO(data))
        image.load()
        assert image.size == (variant["width"], variant["height"]), variant["name"]
        assert not image.getexif(), f"{name} {variant['name']} carries EXIF"
        assert b"GPS" not in data[:4096]
        assert not image.info.get("exif")
        assert not image.info.get("xmp")
    metadata = media["metadata"]
    assert "location" not in metadata  # the default preset never keeps coordinates
    if media["kind"] == "IMAGE":
        assert media["blurhash"]
        assert media["dominantColor"]


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith(("video/", "audio/"))))
def test_what_plays_decodes_and_lasts_as_long_as_the_source(
    name: str, outcomes: dict[str, dict[str, Any]]
) -> None:
    media = outcomes[name]
    with av.open(str(SAMPLES / name), "r") as source:
        source_s = float(source.duration or 0) / av.time_base
        rate = source.streams.video[0].average_rate if source.streams.video else None
    # within a frame (and an encoder's last, padded audio frame)
    tolerance = (1 / float(rate) if rate else 0) + 0.045
    for variant in (v for v in media["variants"] if v["role"] in ("VIDEO", "AUDIO")):
        data = httpx.get(variant["url"], timeout=30).raise_for_status().content
        with av.open(io.BytesIO(data), "r") as played:
            assert list(played.decode(played.streams[0])), variant["name"]
            assert float(played.duration or 0) / av.time_base == pytest.approx(source_s, abs=tolerance)
        assert variant["durationSeconds"] == pytest.approx(source_s, abs=tolerance), variant["name"]
    for variant in (v for v in media["variants"] if v["role"] == "STREAM"):
        for rung, (init, *segments) in fetched_stream(variant["url"]).items():
            with av.open(io.BytesIO(b"".join(r.content for r in (init, *segments))), "r") as played:
                assert sum(1 for _ in played.decode(video=0)) > 0, rung
    for variant in (v for v in media["variants"] if v["role"] == "PEAKS"):
        peaks = httpx.get(variant["url"], timeout=30).json()
        assert peaks["length"] / 100 == pytest.approx(source_s, abs=0.02)


def test_location_is_flagged_but_never_stored(outcomes: dict[str, dict[str, Any]]) -> None:
    flagged = {name for name, media in outcomes.items() if (media.get("metadata") or {}).get("hasLocation")}
    assert {
        "photos/iphone_hdr_NO.jpg",
        "photos/HMD_Nokia_8.3_5G.jpg",
        "photos/87_OSError.jpg",
        "photos/DSCN0010.jpg",
        "formats/IMG_5195.HEIC",
        "formats/avif-orientation-6.avif",
        "video/iphone_rotated.mov",
    } <= flagged
    assert "photos/canon_hdr_NO.jpg" not in flagged  # a GPS block without coordinates


def _w320(media: dict[str, Any]) -> Image.Image:
    variant = next(v for v in media["variants"] if v["name"] == "w320" and v["format"] == "webp")
    return Image.open(io.BytesIO(httpx.get(variant["url"], timeout=30).content)).convert("L")


@pytest.mark.parametrize("shape", ["Landscape", "Portrait"])
def test_every_orientation_looks_like_the_upright_reference(
    shape: str, outcomes: dict[str, dict[str, Any]]
) -> None:
    reference = _w320(outcomes[f"orientation/{shape}_1.jpg"])
    for n in (0, *range(2, 9)):
        candidate = _w320(outcomes[f"orientation/{shape}_{n}.jpg"])
        assert candidate.size == reference.size
        difference = ImageStat.Stat(ImageChops.difference(candidate, reference)).mean[0]
        assert difference < 12, f"{shape}_{n} differs from {shape}_1 by {difference:.1f}"


def test_video_and_audio_facts(outcomes: dict[str, dict[str, Any]]) -> None:
    rotated = outcomes["video/iphone_rotated.mov"]["metadata"]
    assert (rotated["width"], rotated["height"], rotated["rotation"]) == (320, 568, 90)
    mp4 = outcomes["video/flower.mp4"]["metadata"]
    assert mp4["videoCodec"] == "h264"
    assert mp4["durationS"] == pytest.approx(5.05, abs=0.1)
    assert mp4["hasAudio"]
    mp3 = outcomes["audio/t-rex-roar.mp3"]["metadata"]
    assert (mp3["codec"], mp3["sampleRate"], mp3["channels"]) == ("mp3", 44100, 2)
    animated = outcomes["formats/animated-loop-3.gif"]["metadata"]
    assert (animated["frames"], animated["loop"]) == (10, 3)


def test_the_worker_survives_every_hostile_file(
    outcomes: dict[str, dict[str, Any]], client: MediaPipeClient
) -> None:
    assert outcomes  # all of them have been processed by now
    path = SAMPLES / "formats" / "hopper.bmp"
    media = client.wait(client.upload_path(path, "image/bmp")["id"], timeout=60)
    assert media["status"] == "READY"
