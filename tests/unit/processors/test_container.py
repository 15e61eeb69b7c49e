from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.models import MediaKind
from app.domain.presets import BUILTIN_PRESETS
from processors.audio.render import render_audio
from processors.budget import unlimited
from processors.container import check_duration, open_container, recording_facts, tags
from tests import media_factory as m


def test_the_sniffed_demuxer_is_forced() -> None:
    wav = m.audio("pcm_s16le", "wav", seconds=0.2)
    with open_container(wav, "audio/wav") as container:
        assert container.format.name == "wav"
    # Read as FLAC (what it was not sniffed as), a WAV holds nothing playable.
    with pytest.raises(InputRejected) as raised:
        render_audio(wav, "audio/flac", BUILTIN_PRESETS[0], Limits(), unlimited(), StepTimes())
    assert raised.value.code is ErrorCode.CORRUPT


def test_garbage_is_corrupt_and_unknown_types_unsupported() -> None:
    with pytest.raises(InputRejected) as raised, open_container(b"\x1a\x45\xdf\xa3 garbage", "video/webm"):
        pass
    assert raised.value.code is ErrorCode.CORRUPT
    with pytest.raises(InputRejected) as raised, open_container(b"x", "video/x-msvideo"):
        pass
    assert raised.value.code is ErrorCode.UNSUPPORTED_TYPE


@pytest.mark.parametrize("kind", [MediaKind.VIDEO, MediaKind.AUDIO])
def test_each_kind_has_its_duration_limit_and_says_it(kind: MediaKind) -> None:
    limits = Limits(max_video_seconds=120, max_audio_seconds=1800)
    limit = limits.max_seconds(kind)
    check_duration(None, limits, kind)  # a container that does not say: the decode's count decides
    check_duration(limit, limits, kind)
    with pytest.raises(InputRejected) as raised:
        check_duration(limit + 1, limits, kind)
    assert raised.value.code is ErrorCode.TOO_LONG
    assert raised.value.message == (
        f"The {kind.value.lower()} lasts {limit + 1:,.0f} s; the limit is {limit:,.0f} s."
    )


def test_tags_are_whitelisted_and_capped() -> None:
    container = SimpleNamespace(metadata={"TITLE": "Song", "secret": "x", "artist": "A" * 500, "album": 3})
    assert tags(container) == {"title": "Song", "artist": "A" * 200}


def test_recording_facts_hide_coordinates_unless_kept() -> None:
    container = SimpleNamespace(
        metadata={
            "com.apple.quicktime.make": "Apple",
            "com.apple.quicktime.model": "iPhone 4S",
            "com.apple.quicktime.creationdate": "2013-12-22T15:54:25-0500",
            "com.apple.quicktime.location.ISO6709": "+40.7248-073.9883+044.000/",
        }
    )

    hidden = recording_facts(container, keep_location=False)
    kept = recording_facts(container, keep_location=True)

    assert hidden == {
        "cameraMake": "Apple",
        "cameraModel": "iPhone 4S",
        "capturedAt": "2013-12-22T15:54:25-05:00",
        "hasLocation": True,
    }
    assert kept["location"] == {"latitude": 40.7248, "longitude": -73.9883, "altitude": 44.0}
