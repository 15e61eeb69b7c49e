from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.presets import BUILTIN_PRESETS
from processors.budget import unlimited
from processors.video.render import render_video
from tests import media_factory as m

DEFAULT = BUILTIN_PRESETS[0]


def test_posters_for_every_width_and_an_animated_preview() -> None:
    data = m.video(seconds=2.0, size=(480, 270), rate=10)

    rendering = render_video(data, "video/mp4", DEFAULT, Limits(), unlimited(), StepTimes())

    names = [r.name for r in rendering.renditions]
    assert names == ["poster-w480", "poster-w480", "poster-w320", "poster-w320", "preview", "video", "stream"]
    rendering.discard()
    (made,) = (r for r in rendering.renditions if r.name == "preview")
    preview = Image.open(io.BytesIO(made.content))
    # (a still clip: libwebp merges identical frames, so only the format and size are checked)
    assert made.animated
    assert preview.format == "WEBP"
    assert preview.size == (320, 180)
    assert m.is_upright(Image.open(io.BytesIO(rendering.renditions[0].content)))
    meta = rendering.metadata
    assert meta["videoCodec"] == "h264"
    assert meta["frameRate"] == 10
    assert meta["durationS"] == pytest.approx(2, abs=0.2)
    assert (meta["width"], meta["height"], meta["rotation"], meta["hasAudio"]) == (480, 270, 0, False)


def test_a_clip_shorter_than_the_decoders_delay_still_gets_its_preview() -> None:
    # GIVEN a 0.4 s clip: with frame threads (two CPUs or more) the poster's pass drains the
    # decoder before its first frame comes out
    data = m.video(seconds=0.4)
    # WHEN rendered THEN the preview's pass starts from a flushed decoder, not a refusal
    rendering = render_video(data, "video/mp4", DEFAULT, Limits(), unlimited(), StepTimes())
    rendering.discard()
    assert "preview" in [r.name for r in rendering.renditions]


def test_guards_run_before_decoding() -> None:
    data = m.video(seconds=2.0)

    with pytest.raises(InputRejected) as too_long:
        render_video(data, "video/mp4", DEFAULT, Limits(max_video_seconds=1.0), unlimited(), StepTimes())
    with pytest.raises(InputRejected) as too_big:
        render_video(data, "video/mp4", DEFAULT, Limits(max_pixels=160 * 120 - 1), unlimited(), StepTimes())

    assert too_long.value.code is ErrorCode.TOO_LONG
    assert too_big.value.code is ErrorCode.TOO_MANY_PIXELS


def test_a_truncated_video_is_corrupt_not_a_crash() -> None:
    data = m.video(seconds=1.0)[:600]

    with pytest.raises(InputRejected) as raised:
        render_video(data, "video/mp4", DEFAULT, Limits(), unlimited(), StepTimes())

    assert raised.value.code is ErrorCode.CORRUPT
