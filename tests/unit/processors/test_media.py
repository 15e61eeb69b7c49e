"""process_media: the one entry the pipeline and the CLI share, for every kind."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import RenditionRole, Step, StepTimes
from app.domain.models import VariantRole
from app.domain.presets import BUILTIN_PRESETS
from processors.media import process_media
from processors.sniff import sniff
from tests import media_factory as m

DEFAULT = BUILTIN_PRESETS[0]


def test_empty_input_is_empty() -> None:
    with pytest.raises(InputRejected) as raised:
        process_media(b"", "image/jpeg", DEFAULT, Limits())
    assert raised.value.code is ErrorCode.EMPTY


def test_unknown_types_are_unsupported() -> None:
    with pytest.raises(InputRejected) as raised:
        process_media(b"%PDF-1.4", "application/pdf", DEFAULT, Limits())
    assert raised.value.code is ErrorCode.UNSUPPORTED_TYPE


def test_the_time_budget_applies() -> None:
    with pytest.raises(InputRejected) as raised:
        process_media(m.encode(m.picture(), "PNG"), "image/png", DEFAULT, Limits(max_processing_seconds=1e-9))
    assert raised.value.code is ErrorCode.TOO_COMPLEX


@pytest.mark.parametrize(
    ("codec", "container"),
    [
        ("libmp3lame", "mp3"),
        ("pcm_s16le", "wav"),
        ("flac", "flac"),
        ("aac", "ipod"),
        ("libopus", "ogg"),
        ("aac", "adts"),
    ],
)
def test_every_audio_format_gives_a_waveform(codec: str, container: str) -> None:
    data = m.audio(codec, container, seconds=0.5)
    content_type = sniff(data[:64])
    assert content_type is not None

    rendering = process_media(data, content_type, DEFAULT, Limits())

    assert [r.name for r in rendering.renditions] == ["waveform", "peaks", "audio-m4a", "audio-opus"]
    assert rendering.metadata["durationS"] == pytest.approx(0.5, abs=0.1)
    assert "loudnessLufs" in rendering.metadata
    rendering.discard()


@pytest.mark.parametrize(
    ("codec", "container"), [("libx264", "mp4"), ("libvpx-vp9", "webm"), ("libx264", "mov")]
)
def test_every_video_format_gives_posters_and_a_preview(codec: str, container: str) -> None:
    data = m.video(codec, container, audio=True)
    content_type = sniff(data[:64])
    assert content_type is not None

    rendering = process_media(data, content_type, DEFAULT, Limits())

    names = {r.name for r in rendering.renditions}
    assert names == {"poster-w160", "preview", "video", "stream"}
    rendering.discard()
    assert rendering.metadata["hasAudio"] is True
    assert rendering.blurhash
    assert rendering.dominant_color


def test_an_audio_only_mp4_is_handled_as_audio() -> None:
    data = m.audio("aac", "mp4", seconds=0.5)

    rendering = process_media(data, "video/mp4", DEFAULT, Limits())

    assert [r.name for r in rendering.renditions] == ["waveform", "peaks", "audio-m4a", "audio-opus"]
    rendering.discard()


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (m.jpeg(), "image/jpeg"),
        (m.animated("GIF"), "image/gif"),
        (m.video("libx264", "mp4", audio=True), "video/mp4"),
        (m.audio("flac", "flac", seconds=0.5), "audio/flac"),
        (m.audio("aac", "mp4", seconds=0.5), "video/mp4"),  # audio-only MP4: the audio path times it
    ],
    ids=["still", "animation", "video", "audio", "audio-only-mp4"],
)
def test_each_kind_times_its_decode_apart_from_its_render(data: bytes, content_type: str) -> None:
    times = StepTimes()

    process_media(data, content_type, DEFAULT, Limits(), times)

    # THEN both steps are recorded once each (the pipeline adds download, sniff and upload)
    assert set(times.milliseconds) == {Step.DECODE, Step.RENDER}
    assert all(ms > 0 for ms in times.milliseconds.values())


@pytest.mark.parametrize(
    ("data", "content_type", "roles"),
    [
        (m.jpeg(), "image/jpeg", {RenditionRole.STILL}),
        (m.animated("GIF"), "image/gif", {RenditionRole.STILL, RenditionRole.ANIMATED}),
        (
            m.video("libx264", "mp4", audio=True),
            "video/mp4",
            {RenditionRole.POSTER, RenditionRole.PREVIEW, RenditionRole.VIDEO, RenditionRole.STREAM},
        ),
        (
            m.audio("flac", "flac", seconds=0.5),
            "audio/flac",
            {RenditionRole.WAVEFORM, RenditionRole.PEAKS, RenditionRole.AUDIO},
        ),
    ],
    ids=["still", "animation", "video", "audio"],
)
def test_each_rendition_carries_its_role_and_its_own_making_time(
    data: bytes, content_type: str, roles: set[RenditionRole]
) -> None:
    rendering = process_media(data, content_type, DEFAULT, Limits())

    # THEN every output says what it is for, and took a time of its own to make
    assert {r.role for r in rendering.renditions} == roles
    assert all(r.milliseconds >= 0 for r in rendering.renditions)
    # a video's stills are its poster's, whatever their names; an image's are plain stills
    for rendition in rendering.renditions:
        if rendition.role in (RenditionRole.STILL, RenditionRole.POSTER):
            assert not rendition.animated
            assert rendition.name.startswith("poster-") == (rendition.role is RenditionRole.POSTER)


@pytest.mark.parametrize(
    ("data", "content_type", "told"),
    [
        (m.jpeg(), "image/jpeg", {(VariantRole.IMAGE, False)}),
        (m.animated("GIF"), "image/gif", {(VariantRole.IMAGE, False), (VariantRole.IMAGE, True)}),
        (
            m.video("libx264", "mp4"),
            "video/mp4",
            {(VariantRole.POSTER, False), (VariantRole.PREVIEW, True), (VariantRole.VIDEO, False)}
            | {(VariantRole.STREAM, False)},
        ),
        (
            m.audio("flac", "flac", seconds=0.5),
            "audio/flac",
            {(VariantRole.WAVEFORM, False), (VariantRole.PEAKS, False), (VariantRole.AUDIO, False)},
        ),
    ],
    ids=["still", "animation", "video", "audio"],
)
def test_clients_are_told_each_outputs_role_and_whether_it_moves(
    data: bytes, content_type: str, told: set[tuple[VariantRole, bool]]
) -> None:
    rendering = process_media(data, content_type, DEFAULT, Limits())
    assert {(r.variant_role, r.animated) for r in rendering.renditions} == told


def test_a_refused_decode_records_no_render() -> None:
    times = StepTimes()

    with pytest.raises(InputRejected):
        process_media(m.jpeg()[:200], "image/jpeg", DEFAULT, Limits(), times)

    assert Step.RENDER not in times.milliseconds


def test_preload_imports_what_the_types_need_and_nothing_for_the_others() -> None:
    # GIVEN a fresh process (this session has imported everything already)
    probe = (
        "import sys; from processors.media import preload; "
        "preload(['image/webp', 'application/pdf', 'image/webp']); "
        "print('processors.imaging.render' in sys.modules, 'PIL.WebPImagePlugin' in sys.modules, "
        "'processors.video.render' in sys.modules, 'av' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)

    # THEN the image renderer and the WebP reader are loaded, the video code and PyAV are not
    assert run.stdout.split() == ["True", "True", "False", "False"], run.stderr
