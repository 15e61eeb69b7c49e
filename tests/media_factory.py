"""Media made on the spot for the processor tests: every image format, orientation and colour
model, animations, short videos and audio clips. No sample files needed."""

from __future__ import annotations

import io
import math
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
from PIL import Image, ImageCms

MAKE, MODEL, DATE_TIME_ORIGINAL, ORIENTATION = 0x010F, 0x0110, 0x9003, 0x0112
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
QUADRANTS = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)]


def picture(width: int = 400, height: int = 300, mode: str = "RGB") -> Image.Image:
    """Four flat quadrants (red, green / blue, white): any rotation or mirror shows."""
    image = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    for colour, box in zip(
        QUADRANTS,
        [
            (0, 0, half_w, half_h),
            (half_w, 0, width, half_h),
            (0, half_h, half_w, height),
            (half_w, half_h, width, height),
        ],
        strict=True,
    ):
        image.paste(colour, box)
    return image if mode == "RGB" else image.convert(mode)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def camera_exif(*, orientation: int | None = None, gps: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[MODEL] = "Model 1"
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = "2024:05:06 07:08:09"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (3.0, 42.0, 0.0)})
    return exif


def stored_for(upright: Image.Image, orientation: int) -> Image.Image:
    """How a camera stores an upright picture under an EXIF orientation (the inverse of the fix)."""
    inverse = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_90,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_270,
    }.get(orientation)
    return upright if inverse is None else upright.transpose(inverse)


def oriented_jpeg(orientation: int, width: int = 400, height: int = 300) -> bytes:
    stored = stored_for(picture(width, height), orientation)
    return encode(stored, "JPEG", quality=92, exif=camera_exif(orientation=orientation).tobytes())


def jpeg(width: int = 800, height: int = 600, *, gps: bool = False) -> bytes:
    """The quadrant picture as a camera JPEG: make, model, capture time, and GPS if asked."""
    return encode(picture(width, height), "JPEG", quality=90, exif=camera_exif(gps=gps).tobytes())


def quadrant_colours(image: Image.Image) -> list[tuple[int, ...]]:
    rgb = image.convert("RGB")
    w, h = rgb.size
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    return [rgb.getpixel(p) for p in points]  # type: ignore[misc]


def is_upright(image: Image.Image, tolerance: int = 60) -> bool:
    return all(
        all(abs(a - b) <= tolerance for a, b in zip(seen, want, strict=True))
        for seen, want in zip(quadrant_colours(image), QUADRANTS, strict=True)
    )


def cmyk_jpeg(*, adobe_profile: bool = False) -> bytes:
    """A CMYK JPEG (Pillow writes Adobe-style inverted CMYK) of pure red, optionally tagged."""
    image = Image.new("CMYK", (64, 48), (0, 255, 255, 0))
    return encode(image, "JPEG", quality=95)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def animated(fmt: str, frames: int = 4, size: tuple[int, int] = (120, 90), **options: object) -> bytes:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255)]
    images = [Image.new("RGB", size, colours[i % len(colours)]) for i in range(frames)]
    return encode(images[0], fmt, save_all=True, append_images=images[1:], duration=100, **options)


def video(
    codec: str = "libx264",
    container: str = "mp4",
    *,
    seconds: float = 1.0,
    size: tuple[int, int] = (160, 120),
    rate: int = 10,
    black_start_s: float = 0.0,
    audio: bool = False,
) -> bytes:
    """A short clip of the quadrant picture (optionally after black frames), with an optional tone."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream: Any = out.add_stream(codec, rate=rate)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        sound: Any = (
            out.add_stream("aac" if container != "webm" else "libopus", rate=48000) if audio else None
        )
        for index in range(round(seconds * rate)):
            black = index / rate < black_start_s
            image = Image.new("RGB", size) if black else picture(*size)
            frame = av.VideoFrame.from_image(image)  # type: ignore[no-untyped-call]
            frame.pts = index
            frame.time_base = Fraction(1, rate)
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
        if sound is not None:
            for packet in _tone(sound, seconds):
                out.mux(packet)
    return buffer.getvalue()


def big_video(path: Path, mib: int, *, size: tuple[int, int] = (640, 360), rate: int = 25) -> Path:
    """A QuickTime file of about `mib` MiB, quickly: Motion JPEG of noise at the best quality is
    ~0.36 MiB a frame at 640x360, so size comes from frames that cost little to make or decode."""
    width, height = size
    noise = random.Random(1).randbytes(width * height * 4)
    plane = width * height
    with path.open("wb") as sink, av.open(sink, "w", format="mov") as out:
        stream: Any = out.add_stream("mjpeg", rate=rate, options={"qmin": "1", "qmax": "1"})
        stream.width, stream.height = size
        stream.pix_fmt = "yuvj420p"
        index = 0
        while sink.tell() < mib * 1024 * 1024:
            frame = av.VideoFrame(width, height, "yuvj420p")
            offset = (index * 997) % plane  # each frame a different window of the noise
            frame.planes[0].update(noise[offset : offset + plane])
            frame.planes[1].update(noise[offset + plane : offset + plane + plane // 4])
            frame.planes[2].update(noise[offset + 2 * plane : offset + 2 * plane + plane // 4])
            frame.pts, frame.time_base = index, Fraction(1, rate)
            out.mux(stream.encode(frame))
            index += 1
        out.mux(stream.encode())
    return path


def audio(codec: str, container: str, *, seconds: float = 1.0, rate: int = 48000, title: str = "") -> bytes:
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        if title:
            out.metadata["title"] = title
        stream: Any = out.add_stream(codec, rate=rate)
        for packet in _tone(stream, seconds):
            out.mux(packet)
    return buffer.getvalue()


def _tone(stream: Any, seconds: float) -> list[Any]:
    """A 440 Hz tone that fades in, so the waveform has a shape."""
    rate = stream.codec_context.sample_rate or 44100
    chunk = stream.codec_context.frame_size or 1024
    total = int(seconds * rate)
    packets: list[Any] = []
    fmt = stream.codec_context.format.name if stream.codec_context.format else "fltp"
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        values = [
            int(32000 * (start + i) / total * math.sin(2 * math.pi * 440 * (start + i) / rate))
            for i in range(count)
        ]
        frame = av.AudioFrame(format="s16", layout="mono", samples=count)
        frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in values))
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        resampled = av.AudioResampler(format=fmt, layout=stream.codec_context.layout, rate=rate).resample(
            frame
        )
        for piece in resampled:
            packets.extend(stream.encode(piece))
    packets.extend(stream.encode(None))
    return packets


def live_webm(*, seconds: float = 3.0, size: tuple[int, int] = (160, 120), rate: int = 10) -> bytes:
    """A WebM as a browser's MediaRecorder writes it: muxed live, so the container never says how
    long it is (no duration, no cues)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm", options={"live": "1"}) as out:
        stream: Any = out.add_stream("libvpx", rate=rate)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        image = picture(*size)
        for index in range(int(seconds * rate)):
            frame = av.VideoFrame.from_image(image)  # type: ignore[no-untyped-call]
            frame.pts = index
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buffer.getvalue()


def clip(
    *,
    size: tuple[int, int] = (160, 120),
    seconds: float = 2.0,
    rate: int = 25,
    rotation: int = 0,
    variable_rate: bool = False,
    layout: str | None = "stereo",
) -> bytes:
    """An MP4 of the quadrant picture as a phone might make it: `rotation` in the display matrix
    (counter-clockwise degrees, as FFmpeg states it), any size (odd ones in 4:4:4, which H.264
    allows), frames at uneven intervals when `variable_rate`, and AAC in `layout` (None: silent)."""
    width, height = size
    odd = width % 2 or height % 2
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:
        stream: Any = out.add_stream("libx264", rate=rate)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv444p" if odd else "yuv420p"
        stream.codec_context.time_base = Fraction(1, rate * 4)
        if rotation:
            stream.set_display_rotation(rotation)
        sound: Any = out.add_stream("aac", rate=48000, layout=layout) if layout else None
        image = picture(*size)
        pts, index = 0, 0
        while pts < seconds * rate * 4:
            frame = av.VideoFrame.from_image(image).reformat(format=stream.pix_fmt)  # type: ignore[no-untyped-call]
            frame.pts, frame.time_base = pts, Fraction(1, rate * 4)
            out.mux(stream.encode(frame))
            # Uneven steps: 1, 3, 7, 5 quarter-frames... (a phone's camera under changing light)
            pts += (1, 3, 7, 5)[index % 4] if variable_rate else 4
            index += 1
        out.mux(stream.encode())
        if sound is not None:
            for packet in _tone(sound, seconds):
                out.mux(packet)
    return buffer.getvalue()


def sine(*, seconds: float = 1.0, rate: int = 48000, frequency: float = 440.0) -> bytes:
    """A steady full-scale sine as 16-bit mono WAV: a tone whose loudness is known in advance."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as out:
        stream: Any = out.add_stream("pcm_s16le", rate=rate, layout="mono")
        total = int(seconds * rate)
        for start in range(0, total, 4800):
            count = min(4800, total - start)
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            samples = (
                round(32767 * math.sin(2 * math.pi * frequency * (start + i) / rate)) for i in range(count)
            )
            frame.planes[0].update(b"".join(v.to_bytes(2, "little", signed=True) for v in samples))
            frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return buffer.getvalue()
