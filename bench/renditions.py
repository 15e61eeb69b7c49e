"""`make bench-av`: what we make of a video or a song, against the ffmpeg command line making the
same renditions in the same run, and the seconds of work per second of media.

Video: our transcode (processors/video/transcode.py: one decode, split and scale in one filter
graph, libx264 per rung, AAC, then each rung cut into HLS fMP4 segments) against one `ffmpeg`
making the same rung MP4s with the same filters, codec, preset, CRF, caps and forced keyframes,
then one `ffmpeg -c copy -f hls` per rung, as ours does. Both use the FFmpeg libraries, so the ratio
ours/ffmpeg is our overhead (target: at most 1.05). Audio: our one pass (M4A, Opus, EBU R128, the
levels for the waveform and the peaks) against `ffmpeg` making the M4A and the Opus and measuring
the loudness (it makes no peaks: that part is ours alone, so this ratio runs above 1 by it).

Not a test: it reports. Inputs are the sample clips (MEDIAPIPE_SAMPLES, default ../shared/samples)
and a 1080p clip made from one of them, or generated clips when the samples are absent.

    python bench/renditions.py [--rounds N]
"""

from __future__ import annotations

import argparse
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import av  # noqa: E402
import summary  # noqa: E402
from inputs import SAMPLES  # noqa: E402

from app.domain.limits import Limits  # noqa: E402
from app.domain.metrics import StepTimes  # noqa: E402
from app.domain.presets import BUILTIN_PRESETS, VideoEncoding  # noqa: E402
from processors.audio.probe import first_audio_stream  # noqa: E402
from processors.audio.render import render_audio  # noqa: E402
from processors.budget import unlimited  # noqa: E402
from processors.container import open_container  # noqa: E402
from processors.video.frames import rotation_of  # noqa: E402
from processors.video.ladder import Size, ladder_for  # noqa: E402
from processors.video.streams import first_video_stream  # noqa: E402
from processors.video.transcode import AUDIO_RATE, transcode  # noqa: E402

PRESET = BUILTIN_PRESETS[0]
VIDEO = PRESET.video or VideoEncoding()
AUDIO = PRESET.audio
TYPES = {
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
}


def cpu_and_wall(action: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds of this process and its children, wall seconds) of one call."""
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    action()
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True))
    return cpu, wall


def rounds_of(actions: dict[str, Callable[[], object]], rounds: int) -> dict[str, tuple[float, float]]:
    """Each action's (CPU, wall), its rounds interleaved so a noisy neighbour hurts both alike."""
    for action in actions.values():
        action()  # warm-up: page cache, codec initialisation
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            runs[name].append(cpu_and_wall(action))
    return {n: (summary.summary(c for c, _ in r), summary.summary(w for _, w in r)) for n, r in runs.items()}


# --- video ------------------------------------------------------------------------------------------


def ours_video(source: Path, work: Path) -> None:
    folder = _fresh(work / "ours")
    data = source.read_bytes()
    with open_container(data, TYPES[source.suffix]) as container:
        video = first_video_stream(container)
        transcode(container, video, first_audio_stream(container), VIDEO, folder, unlimited(), math.inf)


def ffmpeg_video(source: Path, work: Path) -> None:
    """The same renditions from the command line: ffmpeg turns frames upright by itself."""
    folder = _fresh(work / "ffmpeg")
    sizes, has_audio, rate = _plan(source)
    keyint = max(1, round(rate * VIDEO.segment_seconds))
    split = f"[0:v]split={len(sizes)}" + "".join(f"[s{i}]" for i in range(len(sizes)))
    scales = [
        f"[s{i}]scale={s.width}:{s.height}:flags=bicubic,format=yuv420p[o{i}]" for i, s in enumerate(sizes)
    ]
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
    command += ["-filter_complex", ";".join([split, *scales])]
    for index, size in enumerate(sizes):
        command += ["-map", f"[o{index}]", *(["-map", "0:a:0"] if has_audio else [])]
        command += [
            "-c:v",
            "libx264",
            "-preset",
            VIDEO.speed.value,
            "-crf",
            str(VIDEO.crf),
            "-profile:v",
            "high",
        ]
        command += ["-maxrate", f"{size.max_kbps}k", "-bufsize", f"{size.max_kbps * 2}k"]
        command += ["-force_key_frames", f"expr:gte(t,n_forced*{VIDEO.segment_seconds})", "-forced-idr", "1"]
        command += ["-x264-params", f"scenecut=0:open-gop=0:keyint={keyint}:min-keyint={keyint}"]
        if has_audio:
            command += ["-c:a", "aac", "-b:a", f"{VIDEO.audio_kbps}k", "-ar", str(AUDIO_RATE), "-ac", "2"]
        command += ["-movflags", "+faststart"] if size is sizes[-1] else []
        command.append(str(folder / f"{size.name}.mp4"))
    subprocess.run(command, check=True)
    stream = _fresh(folder / "stream")
    for size in sizes:
        rung = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(folder / f"{size.name}.mp4")]
        rung += [
            "-c",
            "copy",
            "-f",
            "hls",
            "-hls_time",
            str(VIDEO.segment_seconds),
            "-hls_playlist_type",
            "vod",
        ]
        rung += ["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", f"{size.name}-init.mp4"]
        rung += ["-hls_segment_filename", str(stream / f"{size.name}-%03d.m4s")]
        rung += ["-hls_flags", "independent_segments", str(stream / f"{size.name}.m3u8")]
        subprocess.run(rung, check=True)


def _plan(source: Path) -> tuple[tuple[Size, ...], bool, float]:
    with av.open(str(source)) as container:
        video = first_video_stream(container)
        frame = next(container.decode(video))
        turned = rotation_of(frame) in (90, 270)
        upright = (frame.height, frame.width) if turned else (frame.width, frame.height)
        rate = float(video.average_rate or 30)
        return ladder_for(upright, VIDEO.ladder), bool(container.streams.audio), rate


# --- audio ------------------------------------------------------------------------------------------


def ours_audio(source: Path, work: Path) -> None:
    rendering = render_audio(
        source.read_bytes(), TYPES[source.suffix], PRESET, Limits(), unlimited(), StepTimes()
    )
    rendering.discard()


def ffmpeg_audio(source: Path, work: Path) -> None:
    folder = _fresh(work / "ffmpeg-audio")
    assert AUDIO is not None
    layout = ["-ac", "1"] if _channels(source) == 1 else ["-ac", "2"]
    command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source)]
    command += ["-map", "0:a:0", "-c:a", "aac", "-b:a", f"{AUDIO.aac_kbps}k", "-ar", "48000", *layout]
    command += ["-movflags", "+faststart", str(folder / "audio.m4a")]
    command += ["-map", "0:a:0", "-c:a", "libopus", "-b:a", f"{AUDIO.opus_kbps}k", "-ar", "48000", *layout]
    command += [str(folder / "audio.opus"), "-map", "0:a:0", "-af", "ebur128=metadata=1", "-f", "null", "-"]
    subprocess.run(command, check=True)


def _channels(source: Path) -> int:
    with av.open(str(source)) as container:
        return int(container.streams.audio[0].codec_context.channels)


# --- inputs -----------------------------------------------------------------------------------------


def inputs(work: Path) -> tuple[list[Path], list[Path]]:
    videos = [p for p in sorted((SAMPLES / "video").glob("*")) if p.suffix in TYPES]
    songs = [p for p in sorted((SAMPLES / "audio").glob("*")) if p.suffix in TYPES]
    if videos:
        videos.append(_full_hd(videos[0], work / "full-hd.mp4"))
    else:
        from tests import media_factory

        for name, options in {"generated.mp4": {}, "generated-1080p.mp4": {"size": (1920, 1080)}}.items():
            (work / name).write_bytes(media_factory.clip(seconds=6.0, **options))  # type: ignore[arg-type]
            videos.append(work / name)
        (work / "generated.wav").write_bytes(media_factory.sine(seconds=20.0))
        songs.append(work / "generated.wav")
    return videos, songs


def _full_hd(source: Path, target: Path) -> Path:
    """The clip scaled to 1920x1080 at a high quality: real motion at the size phones shoot."""
    scale = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(source), "-vf", "scale=1920:1080"]
    subprocess.run(
        [*scale, "-c:v", "libx264", "-preset", "fast", "-crf", "16", "-c:a", "copy", str(target)], check=True
    )
    return target


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _seconds(source: Path) -> float:
    with av.open(str(source)) as container:
        return float(container.duration or 0) / av.time_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("bench-av needs the ffmpeg command line (Debian: apt-get install ffmpeg)")
    with tempfile.TemporaryDirectory(prefix="bench-av-") as scratch:
        work = Path(scratch)
        videos, songs = inputs(work)
        heads = ("input", "media s", "ours s", "ffmpeg s", "wall ratio", "cpu ratio", "ours s/s", "cpu s/s")
        print(f"{heads[0]:<24} " + " ".join(f"{h:>10}" for h in heads[1:]))
        jobs = [(v, ours_video, ffmpeg_video) for v in videos] + [
            (s, ours_audio, ffmpeg_audio) for s in songs
        ]
        for source, ours, theirs in jobs:
            figures = rounds_of(
                {"ours": partial(ours, source, work), "ffmpeg": partial(theirs, source, work)}, args.rounds
            )
            (our_cpu, our_wall), (their_cpu, their_wall) = figures["ours"], figures["ffmpeg"]
            media_s = _seconds(source)
            row = (
                media_s,
                our_wall,
                their_wall,
                our_wall / their_wall,
                our_cpu / their_cpu,
                our_wall / media_s,
                our_cpu / media_s,
            )
            print(f"{source.name:<24} " + " ".join(f"{v:>10.3f}" for v in row))
        print(
            f"({summary.label()} of {args.rounds} rounds; s/s: wall seconds of our work per second of media;"
            " cpu s/s: its CPU seconds, what sizes the duration limits)"
        )


if __name__ == "__main__":
    main()
