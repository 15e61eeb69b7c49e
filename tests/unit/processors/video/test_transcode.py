"""A video made playable, on clips made here as phones make them: every rendition decodes, lasts
what the source lasts, stands upright, and the stream's rungs switch at the same instants."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import StepTimes
from app.domain.models import MediaStatus, Refused
from app.domain.presets import BUILTIN_PRESETS, Rung, VideoEncoding
from app.domain.rules import Rules
from processors.budget import unlimited
from processors.container import our_side
from processors.examine import examine
from processors.rendering import PlayableFormat, Rendering, Rendition
from processors.video import hls, transcode
from processors.video.render import render_video
from tests import media_factory as m

DEFAULT = BUILTIN_PRESETS[0]
SMALL_LADDER = DEFAULT.model_copy(
    update={"video": VideoEncoding(ladder=(Rung(height=144, max_kbps=300), Rung(height=288, max_kbps=800)))}
)


@pytest.fixture
def rendered() -> Iterator[Any]:
    made: list[Rendering] = []

    def render(data: bytes, preset: Any = DEFAULT) -> dict[str, Rendition]:
        rendering = render_video(data, "video/mp4", preset, Limits(), unlimited(), StepTimes())
        made.append(rendering)
        return {r.name: r for r in rendering.renditions}

    yield render
    for rendering in made:
        rendering.discard()
        assert rendering.folder is None or not rendering.folder.exists()


def facts(path: Path) -> dict[str, Any]:
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        frames = list(container.decode(video))
        audio = container.streams.audio[0] if container.streams.audio else None
        return {
            "size": (frames[0].width, frames[0].height),
            "frames": len(frames),
            "duration": float(container.duration or 0) / av.time_base,
            "channels": audio.codec_context.channels if audio is not None else 0,
            "codec": video.codec_context.name,
            "keyframes": [round(float(f.time), 3) for f in frames if f.key_frame],
        }


def test_an_mp4_with_its_index_first_and_a_stream_that_names_every_file(rendered: Any) -> None:
    outputs = rendered(m.clip(seconds=2.0))
    video, stream = outputs["video"], outputs["stream"]
    assert (video.format, video.content_type) == (PlayableFormat.MP4, "video/mp4")
    assert isinstance(video.data, Path)
    head = video.data.read_bytes()[:64]
    assert head.index(b"moov") < video.data.read_bytes().index(b"mdat")  # fast start
    assert (
        video.codecs is not None and video.codecs.startswith("avc1.") and video.codecs.endswith(",mp4a.40.2")
    )
    assert video.duration_s == pytest.approx(2.0, abs=0.05)
    assert video.bitrate and video.bitrate > 0
    assert facts(video.data) | {"keyframes": None} == facts(video.data) | {
        "size": (160, 120),
        "codec": "h264",
        "channels": 2,
        "keyframes": None,
    }
    # The stream: its master names every rung playlist, and each of those every file beside it
    assert isinstance(stream.data, Path) and stream.data.name == "master.m3u8"
    assert stream.content_type == "application/vnd.apple.mpegurl"
    beside = {path.name for path in stream.beside}
    named = set()
    for line in stream.data.read_text().splitlines():
        if line and not line.startswith("#"):
            playlist = line.split("?", 1)[0]
            named.add(playlist)
            segments = hls.read_segments((stream.data.parent / playlist).read_text())
            named |= {name.split("?", 1)[0] for name in segments.files} | {
                str(segments.init).split("?", 1)[0]
            }
    assert named == beside


@pytest.mark.parametrize(
    ("clip", "upright", "channels"),
    [
        ({"rotation": 90}, (120, 160), 2),  # a portrait phone clip: stored landscape, shown upright
        ({"rotation": -90}, (120, 160), 2),
        ({"size": (161, 121)}, (160, 120), 2),  # odd sizes, rounded to even ones
        ({"variable_rate": True}, (160, 120), 2),
        ({"layout": None}, (160, 120), 0),  # no sound at all
        ({"layout": "mono"}, (160, 120), 1),
        ({"layout": "5.1"}, (160, 120), 2),  # mixed down to what every player has
    ],
    ids=["rotated", "rotated-other-way", "odd", "variable-rate", "silent", "mono", "5.1"],
)
def test_phone_like_clips_play_upright_and_last_as_long(
    rendered: Any, clip: dict[str, Any], upright: tuple[int, int], channels: int
) -> None:
    source = m.clip(**clip)
    with av.open(io.BytesIO(source), "r") as container:
        source_s = float(container.duration or 0) / av.time_base
        frame_s = 1 / float(container.streams.video[0].average_rate)
    outputs = rendered(source)
    made = facts(outputs["video"].data)
    assert made["size"] == upright
    assert made["channels"] == channels
    assert made["duration"] == pytest.approx(
        source_s, abs=frame_s + 0.025
    )  # within a frame (and an AAC frame)
    assert outputs["video"].codecs is not None
    assert ("mp4a.40.2" in outputs["video"].codecs) == bool(channels)
    assert outputs["stream"].duration_s == outputs["video"].duration_s


def _rounded_quadrants(image: Image.Image) -> list[tuple[int, ...]]:
    """Which way up the quadrant picture is, its colours rounded to 0 or 255 (codecs blur them)."""
    return [tuple(0 if c < 128 else 255 for c in colour) for colour in m.quadrant_colours(image)]


@pytest.mark.skipif(not shutil.which("ffmpeg"), reason="the ffmpeg command line is the reference here")
@pytest.mark.parametrize("rotation", [90, -90, 180])
def test_a_rotated_clip_is_turned_the_way_ffmpeg_turns_it(
    rendered: Any, rotation: int, tmp_path: Path
) -> None:
    # GIVEN a clip of the quadrant picture whose display matrix says how to turn it
    source = tmp_path / "rotated.mp4"
    source.write_bytes(m.clip(rotation=rotation))
    # WHEN it is rendered THEN its first frame shows the quadrants where ffmpeg's autorotate puts them
    made = tmp_path / "made.mp4"
    made.write_bytes(Path(rendered(source.read_bytes())["video"].data).read_bytes())
    with av.open(str(made)) as ours:
        our_frame: Image.Image = next(ours.decode(video=0)).to_image()  # type: ignore[no-untyped-call]
    reference = tmp_path / "reference.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(source), "-frames:v", "1", str(reference)], check=True
    )  # autorotate is ffmpeg's default
    theirs = Image.open(reference).convert("RGB")
    assert our_frame.size == theirs.size
    assert _rounded_quadrants(our_frame) == _rounded_quadrants(theirs)


def test_the_rungs_switch_at_the_same_instants_every_segment(rendered: Any, tmp_path: Path) -> None:
    outputs = rendered(m.clip(size=(384, 288), seconds=9.0, rate=25, variable_rate=True), SMALL_LADDER)
    stream = outputs["stream"]
    master = stream.data.read_text()
    assert "RESOLUTION=192x144" in master and "RESOLUTION=384x288" in master
    keyframes = []
    for rung in ("144p", "288p"):
        init = (stream.data.parent / f"{rung}-init.mp4").read_bytes()
        segments = hls.read_segments((stream.data.parent / f"{rung}.m3u8").read_text())
        assert len(segments.files) == 3  # 9 s in 4 s segments
        assert all(seconds <= 4.1 for seconds in segments.durations)
        joined = tmp_path / f"{rung}.mp4"
        joined.write_bytes(
            init + b"".join((stream.data.parent / n.split("?")[0]).read_bytes() for n in segments.files)
        )
        keyframes.append(facts(joined)["keyframes"])
    assert keyframes[0] == keyframes[1]
    start = keyframes[0][0]
    assert [t - start for t in keyframes[0]] == [
        0.0,
        pytest.approx(4.0, abs=0.1),
        pytest.approx(8.0, abs=0.1),
    ]


def test_a_video_that_does_not_say_how_long_it_is_is_held_to_the_limit_as_it_is_decoded() -> None:
    # GIVEN a live WebM (as a browser's MediaRecorder writes it): no duration in the container
    data = m.live_webm(seconds=3.0)
    with av.open(io.BytesIO(data), "r") as container:
        assert container.duration is None and not container.streams.video[0].duration
    # WHEN it is rendered under a 2 s limit THEN it ends TOO_LONG, its renditions' files gone
    with pytest.raises(InputRejected) as refused:
        render_video(data, "video/webm", DEFAULT, Limits(max_video_seconds=2), unlimited(), StepTimes())
    assert refused.value.code is ErrorCode.TOO_LONG
    assert "the limit is 2 s" in refused.value.message
    # and under the default limit it is made playable
    rendering = render_video(data, "video/webm", DEFAULT, Limits(), unlimited(), StepTimes())
    try:
        assert {"video", "stream"} <= {r.name for r in rendering.renditions}
    finally:
        rendering.discard()


def test_a_preset_without_video_makes_pictures_only(rendered: Any) -> None:
    outputs = rendered(m.clip(), BUILTIN_PRESETS[1])
    assert "video" not in outputs and "stream" not in outputs
    assert "preview" in outputs


def test_our_encoders_failing_is_ours_not_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN an encoder that cannot allocate (what libx264 says under a memory cap)
    def out_of_memory(self: Any, frame: Any) -> None:
        with our_side("encoding the 120p rung"):
            raise av.error.ExternalError(542398533, "avcodec_send_frame()")

    monkeypatch.setattr(transcode._Output, "write_video", out_of_memory)
    # WHEN a clip is examined THEN the item FAILS as our failure (a retry may mend it), never as
    # CORRUPT, which would blame the upload
    rules = Rules(BUILTIN_PRESETS, "default", Limits(), frozenset({"video/mp4"}))
    examined = examine(m.clip(seconds=1.0), rules, DEFAULT)
    assert isinstance(examined.outcome, Refused)
    assert (examined.outcome.status, examined.outcome.error.code) == (
        MediaStatus.FAILED,
        ErrorCode.PROCESSING_ERROR,
    )
