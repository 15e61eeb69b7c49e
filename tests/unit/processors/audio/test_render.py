from __future__ import annotations

import dataclasses
import io
import json

import av
import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import BUILTIN_PRESETS
from processors.audio.render import render_audio
from processors.budget import unlimited
from processors.rendering import Rendition
from tests import media_factory as m


def test_facts_tags_and_a_waveform() -> None:
    data = m.audio("flac", "flac", seconds=1.0, rate=44100, title="A tone")

    rendering = render_audio(data, "audio/flac", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())

    meta = rendering.metadata
    assert (meta["codec"], meta["sampleRate"], meta["channels"]) == ("flac", 44100, 2)
    assert meta["tags"] == {"title": "A tone"}
    assert meta["durationS"] == pytest.approx(1.0, abs=0.05)
    waveform = Image.open(io.BytesIO(rendering.renditions[0].content))
    assert waveform.format == "PNG"
    assert waveform.size == (1200, 240)
    # the tone fades in: the right end is louder (taller) than the left
    alpha = waveform.getchannel("A")
    assert alpha.crop((1100, 0, 1200, 240)).getbbox()[1] < alpha.crop((0, 0, 100, 240)).getbbox()[1]  # type: ignore[index]


def test_too_long_is_refused_before_decoding() -> None:
    data = m.audio("pcm_s16le", "wav", seconds=1.0)
    with pytest.raises(InputRejected) as raised:
        render_audio(
            data, "audio/wav", BUILTIN_PRESETS[0], Limits(max_audio_seconds=0.5), unlimited(), StepTimes()
        )
    assert raised.value.code is ErrorCode.TOO_LONG


def test_garbage_after_a_valid_header_is_corrupt_or_short() -> None:
    data = m.audio("libmp3lame", "mp3", seconds=1.0)
    with pytest.raises(InputRejected) as raised:
        render_audio(data[:40], "audio/mpeg", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())
    assert raised.value.code is ErrorCode.CORRUPT


def _rendered(data: bytes, content_type: str) -> dict[str, Rendition]:
    rendering = render_audio(data, content_type, BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())
    outputs = {r.name: r for r in rendering.renditions}
    copies = {name: r.content for name, r in outputs.items()}
    rendering.discard()
    return {name: dataclasses.replace(r, data=copies[name]) for name, r in outputs.items()}


@pytest.mark.parametrize(
    ("codec", "container", "content_type"),
    [("flac", "flac", "audio/flac"), ("libmp3lame", "mp3", "audio/mpeg")],
)
def test_what_plays_an_m4a_and_an_opus_that_last_as_the_source(
    codec: str, container: str, content_type: str
) -> None:
    source = m.audio(codec, container, seconds=2.0, rate=44100)
    with av.open(io.BytesIO(source), "r") as original:
        source_s = float(original.duration or 0) / av.time_base  # an MP3's encoder pads it a little
    outputs = _rendered(source, content_type)

    for name, muxer, expected in (
        ("audio-m4a", "mov,mp4,m4a,3gp,3g2,mj2", "aac"),
        ("audio-opus", "ogg", "opus"),
    ):
        made = outputs[name]
        with av.open(io.BytesIO(made.content), "r") as played:
            assert played.format.name == muxer
            stream = played.streams.audio[0]
            assert (stream.codec_context.name, stream.codec_context.sample_rate) == (expected, 48000)
            decoded = sum(frame.samples for frame in played.decode(stream)) / 48000
        # within two encoder frames (AAC: 1024 samples, 21 ms; Opus: 20 ms): the last one is
        # padded to its full length, and resampling 44.1 to 48 kHz shifts the edges a little
        assert decoded == pytest.approx(source_s, abs=0.045)
        assert made.duration_s == pytest.approx(source_s, abs=0.045)
        assert made.bitrate and made.codecs in ("mp4a.40.2", "opus")
    m4a = outputs["audio-m4a"].content
    assert m4a.index(b"moov") < m4a.index(b"mdat")


def test_peaks_in_audiowaveforms_format_follow_the_tone() -> None:
    outputs = _rendered(m.audio("flac", "flac", seconds=1.0, rate=44100), "audio/flac")
    peaks = json.loads(outputs["peaks"].content)
    assert outputs["peaks"].content_type == "application/json"
    assert {k: peaks[k] for k in ("version", "channels", "bits", "sample_rate", "samples_per_pixel")} == {
        "version": 2,
        "channels": 1,
        "bits": 8,
        "sample_rate": 8000,
        "samples_per_pixel": 80,
    }
    data = peaks["data"]
    assert len(data) == 2 * peaks["length"] == 200  # a min and a max per 10 ms
    assert all(-128 <= v <= 127 for v in data)
    lows, highs = data[0::2], data[1::2]
    assert all(low <= high for low, high in zip(lows, highs, strict=True))
    # the tone fades in: the last tenth swings wider than the first
    assert max(highs[-10:]) - min(lows[-10:]) > 4 * (max(highs[:10]) - min(lows[:10]))


def test_loudness_is_measured_as_ebu_r128_says() -> None:
    # A full-scale 440 Hz sine: a steady tone, so its integrated loudness is about its level
    # (-3 dBFS RMS of a sine, K-weighted at 440 Hz ~ +0 dB, minus 0.691) (EBU Tech 3341's first case)
    rendering = render_audio(
        m.sine(seconds=3.0), "audio/wav", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes()
    )
    rendering.discard()
    assert rendering.metadata["loudnessLufs"] == pytest.approx(-3.7, abs=0.3)
    assert "loudnessRangeLu" in rendering.metadata  # (a range needs more than a few seconds to mean much)


def test_thumbnails_make_the_levels_but_nothing_to_play() -> None:
    rendering = render_audio(
        m.audio("flac", "flac", seconds=0.5),
        "audio/flac",
        BUILTIN_PRESETS[1],
        Limits(),
        unlimited(),
        StepTimes(),
    )
    assert [r.name for r in rendering.renditions] == ["waveform", "peaks"]
    assert rendering.folder is None and "loudnessLufs" not in rendering.metadata
