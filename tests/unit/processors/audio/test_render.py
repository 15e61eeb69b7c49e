from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import BUILTIN_PRESETS
from processors.audio.render import render_audio
from processors.budget import unlimited
from tests import media_factory as m


def test_facts_tags_and_a_waveform() -> None:
    data = m.audio("flac", "flac", seconds=1.0, rate=44100, title="A tone")

    rendering = render_audio(data, "audio/flac", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())

    meta = rendering.metadata
    assert (meta["codec"], meta["sampleRate"], meta["channels"]) == ("flac", 44100, 2)
    assert meta["tags"] == {"title": "A tone"}
    assert meta["durationS"] == pytest.approx(1.0, abs=0.05)
    waveform = Image.open(io.BytesIO(rendering.renditions[0].data))
    assert waveform.format == "PNG"
    assert waveform.size == (1200, 240)
    # the tone fades in: the right end is louder (taller) than the left
    alpha = waveform.getchannel("A")
    assert alpha.crop((1100, 0, 1200, 240)).getbbox()[1] < alpha.crop((0, 0, 100, 240)).getbbox()[1]  # type: ignore[index]


def test_too_long_is_refused_before_decoding() -> None:
    data = m.audio("pcm_s16le", "wav", seconds=1.0)
    with pytest.raises(InputRejected) as raised:
        render_audio(
            data, "audio/wav", BUILTIN_PRESETS[0], Limits(max_duration_seconds=0.5), unlimited(), StepTimes()
        )
    assert raised.value.code is ErrorCode.TOO_LONG


def test_garbage_after_a_valid_header_is_corrupt_or_short() -> None:
    data = m.audio("libmp3lame", "mp3", seconds=1.0)
    with pytest.raises(InputRejected) as raised:
        render_audio(data[:40], "audio/mpeg", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())
    assert raised.value.code is ErrorCode.CORRUPT
