"""A video's playable outputs: the `video` MP4 to download and the `stream` to play adaptively."""

from __future__ import annotations

from pathlib import Path

from app.domain.metrics import RenditionRole
from app.domain.presets import VideoEncoding
from processors.audio.probe import first_audio_stream
from processors.budget import Deadline
from processors.container import open_container
from processors.original import Original
from processors.rendering import PlayableFormat, Rendition
from processors.video.streams import first_video_stream
from processors.video.transcode import transcode


def playable_renditions(
    data: Original,
    content_type: str,
    encoding: VideoEncoding,
    folder: Path,
    deadline: Deadline,
    max_seconds: float,
) -> list[Rendition]:
    """Made from a container of its own: the poster's and the preview's seeks leave theirs
    wherever they stopped."""
    with open_container(data, content_type) as container:
        video = first_video_stream(container)
        assert video is not None  # the caller found it in the same bytes
        made = transcode(
            container, video, first_audio_stream(container), encoding, folder, deadline, max_seconds
        )
    top = made.download
    width, height, duration_s = top.size.width, top.size.height, top.duration_s
    return [
        Rendition(
            name="video",
            format=PlayableFormat.MP4,
            data=top.mp4,
            bitrate=top.bitrate,
            codecs=top.codecs,
            role=RenditionRole.VIDEO,
            milliseconds=made.encode_ms,
            width=width,
            height=height,
            duration_s=duration_s,
        ),
        Rendition(
            name="stream",
            format=PlayableFormat.HLS,
            data=made.master,
            beside=made.beside,
            bitrate=made.peak_bps,
            codecs=top.codecs,
            role=RenditionRole.STREAM,
            milliseconds=made.segment_ms,
            width=width,
            height=height,
            duration_s=duration_s,
        ),
    ]
