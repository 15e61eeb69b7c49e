"""still_variants on several threads makes exactly what it makes on one: the same renditions, byte
for byte, in the same order; the deadline still stops it; an encoder's failure still comes out."""

from __future__ import annotations

import threading

import pytest
from PIL import Image

from app.domain.errors import ErrorCode, InputRejected
from app.domain.limits import Limits
from app.domain.metrics import RenditionRole
from app.domain.presets import BUILTIN_PRESETS, Encoding, Fit, ImageFormat, Preset
from processors.budget import Deadline, unlimited
from processors.imaging import variants
from processors.imaging.encode import encode as real_encode
from processors.imaging.geometry import crop_box, targets
from processors.imaging.variants import Stills, still_variants
from processors.media import process_media
from tests import media_factory as m

EVERY_FORMAT = tuple(Encoding(format=f, quality=80) for f in ImageFormat)


def detailed(width: int = 900, height: int = 600) -> Image.Image:
    """Noise over quadrants: encoders have real work, and any mix-up of sizes or pixels shows."""
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(m.picture(width, height), noise, 0.3)


def make(picture: Image.Image, preset: Preset, workers: int, deadline: Deadline | None = None) -> Stills:
    box = crop_box(picture.size, preset)
    plan = targets(picture.size, preset)
    return still_variants(
        picture,
        box,
        plan,
        preset.formats,
        None,
        deadline or unlimited(),
        role=RenditionRole.STILL,
        workers=workers,
    )


@pytest.mark.parametrize(
    "preset",
    [
        Preset(name="every", widths=(640, 320, 160), formats=EVERY_FORMAT),
        Preset(name="square", widths=(300, 100), formats=EVERY_FORMAT, fit=Fit.COVER, aspect_ratio=1.0),
    ],
    ids=["contain", "cover"],
)
@pytest.mark.parametrize("workers", [2, 4])
def test_concurrent_encodes_equal_the_sequential_ones(preset: Preset, workers: int) -> None:
    # GIVEN one picture, and every output format (JPEG, WebP, AVIF, PNG)
    picture = detailed()

    # WHEN it is made on one thread and on several
    sequential = make(picture, preset, workers=1)
    concurrent = make(picture, preset, workers=workers)

    # THEN the same renditions come out in the same order (plan order, formats within a size)
    assert [(r.name, r.format, r.width, r.height) for r in concurrent.renditions] == [
        (r.name, r.format, r.width, r.height) for r in sequential.renditions
    ]
    assert [r.content for r in concurrent.renditions] == [r.content for r in sequential.renditions]
    assert [r.name for r in sequential.renditions][:: len(EVERY_FORMAT)] == [
        t.name for t in targets(picture.size, preset)
    ]
    assert concurrent.smallest.tobytes() == sequential.smallest.tobytes()


def test_the_whole_image_is_the_same_on_one_core_and_on_several(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a sideways camera JPEG through the whole media function, as the Lambda runs it
    data = m.oriented_jpeg(6, 1200, 900)

    def rendered(cpus: int) -> list[tuple[str, bytes]]:
        monkeypatch.setattr(variants, "usable_cpus", lambda: cpus)
        rendering = process_media(data, "image/jpeg", BUILTIN_PRESETS[0], Limits())
        return [(r.name, r.content) for r in rendering.renditions] + [
            ("placeholders", f"{rendering.blurhash} {rendering.dominant_color}".encode())
        ]

    # THEN one CPU and two give the same outputs, in the same order
    assert rendered(2) == rendered(1)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_deadline_is_checked_before_every_encode(workers: int) -> None:
    # GIVEN a budget that runs out after the first encode has begun
    checks: list[str] = []
    lock = threading.Lock()

    def clock() -> float:
        with lock:
            checks.append(threading.current_thread().name)
            return 0.0 if len(checks) <= 2 else 100.0  # the start, then one encode within budget

    deadline = Deadline(10.0, clock=clock)
    preset = Preset(name="p", widths=(400, 200), formats=EVERY_FORMAT[:2])

    # WHEN the variants are made
    with pytest.raises(InputRejected) as raised:
        make(detailed(), preset, workers=workers, deadline=deadline)

    # THEN the item is too complex, named for the encode that found the budget spent
    assert raised.value.code is ErrorCode.TOO_COMPLEX
    assert "while encoding w" in raised.value.message
    # and nothing was encoded once it had (each encode checks first: at most the one that failed
    # and those already running, never the whole plan)
    assert len(checks) - 1 < len(preset.widths) * len(preset.formats) + 1


class EncoderBroke(Exception):
    pass


@pytest.mark.parametrize("workers", [1, 2])
def test_an_encoder_failure_propagates_and_stops_the_rest(
    workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN an encoder that fails on the first WebP
    started: list[str] = []

    def encode(image: Image.Image, spec: Encoding, icc: bytes | None) -> bytes:
        started.append(f"{image.width}-{spec.format.value}")
        if spec.format is ImageFormat.WEBP:
            raise EncoderBroke("libwebp: out of memory")
        return real_encode(image, spec, icc)

    monkeypatch.setattr(variants, "encode", encode)
    preset = Preset(
        name="p",
        widths=(800, 400, 200, 100),
        formats=(
            Encoding(format=ImageFormat.WEBP, quality=80),
            Encoding(format=ImageFormat.JPEG, quality=80),
        ),
    )

    # WHEN the variants are made, THEN that failure comes out, itself
    with pytest.raises(EncoderBroke, match="out of memory"):
        make(detailed(), preset, workers=workers)

    # and the cascade did not run to the end: what was not started when it failed never started
    assert "800-webp" in started
    assert len(started) < len(preset.widths) * len(preset.formats)
