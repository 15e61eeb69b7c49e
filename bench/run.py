"""`make bench`: our image pipeline against a libvips reference making the same outputs, in one run:
in-process (pyvips) and from the command line (`mediapipe process` against libvips' own tools).

Not a test: it reports. Method and results are in docs/performance.md.

    python bench/run.py [--rounds N] [--stat median|min] [--sections inprocess,cli,cores,...]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import cli  # noqa: E402
import cores  # noqa: E402
import inputs  # noqa: E402
import pyvips  # noqa: E402
import reference  # noqa: E402
import summary  # noqa: E402
from PIL import Image, features  # noqa: E402

from app.domain.limits import Limits  # noqa: E402
from app.domain.presets import BUILTIN_PRESETS, Encoding, ImageFormat  # noqa: E402
from processors.cores import usable_cpus  # noqa: E402
from processors.imaging.encode import encode  # noqa: E402
from processors.imaging.variants import REDUCING_GAP  # noqa: E402
from processors.media import process_media  # noqa: E402

PRESET = BUILTIN_PRESETS[0]


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(CPU ms of the whole process, wall ms) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    return (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def summaries(actions: dict[str, Callable[[], object]], rounds: int) -> dict[str, tuple[float, float]]:
    """(CPU ms, wall ms) of each action (median or best round, see summary.py), run interleaved
    round by round so that a noisy neighbour on a shared machine hurts all of them alike."""
    for action in actions.values():
        action()  # warm-up: codec initialisation, page faults
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            samples[name].append(timed(action))
    return {
        name: (summary.summary(c for c, _ in runs), summary.summary(w for _, w in runs))
        for name, runs in samples.items()
    }


def summary_ms(action: Callable[[], object], rounds: int) -> float:
    return summaries({"only": action}, rounds)["only"][0]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return (
        f"{cpu}, {os.cpu_count()} cores ({usable_cpus()} usable), load average {os.getloadavg()[0]:.2f}; "
        f"Python {platform.python_version()}; Pillow {Image.__version__} "
        f"(libjpeg-turbo {features.version('jpg')}, libwebp {features.version('webp')}, libavif "
        f"{features.version('avif')}); libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}"
    )


def same_outputs(data: bytes) -> None:
    ours = process_media(data, "image/jpeg", PRESET, Limits()).renditions
    theirs = reference.cascade(data, PRESET)
    shapes = sorted((r.width, r.height) for r in ours)
    assert shapes == sorted((w, h) for w, h, _ in theirs), (shapes, theirs)


def ratio_table(photos: dict[str, bytes], rounds: int, threads: int) -> None:
    reference.configure(threads)
    print(
        f"\n## Ours vs libvips, default preset ({len(PRESET.widths)} widths x webp q80 + jpeg q82), "
        f"libvips threads={threads}, {summary.label()} of {rounds} (CPU ms / wall ms)\n"
    )
    print("| input | ours | libvips per-size | libvips cascade | ratio CPU | ratio wall |")
    print("|---|---:|---:|---:|---:|---:|")
    cpu_totals, wall_totals = [0.0, 0.0], [0.0, 0.0]
    for name, data in photos.items():
        same_outputs(data)
        result = summaries(
            {
                "ours": lambda d=data: process_media(d, "image/jpeg", PRESET, Limits()),
                "per_size": lambda d=data: reference.per_size(d, PRESET),
                "cascade": lambda d=data: reference.cascade(d, PRESET),
            },
            rounds,
        )
        ours = result["ours"]
        best_cpu = min(result["per_size"][0], result["cascade"][0])
        best_wall = min(result["per_size"][1], result["cascade"][1])
        cpu_totals[0] += ours[0]
        cpu_totals[1] += best_cpu
        wall_totals[0] += ours[1]
        wall_totals[1] += best_wall
        cells = " | ".join(f"{c:.0f} / {w:.0f}" for c, w in result.values())
        print(f"| {name} | {cells} | {ours[0] / best_cpu:.2f} | {ours[1] / best_wall:.2f} |")
    ours_cells = f"{cpu_totals[0]:.0f} / {wall_totals[0]:.0f}"
    best_cells = f"best: {cpu_totals[1]:.0f} / {wall_totals[1]:.0f}"
    ratios = f"**{cpu_totals[0] / cpu_totals[1]:.2f}** | **{wall_totals[0] / wall_totals[1]:.2f}**"
    print(f"| **all** | {ours_cells} | {best_cells} | | {ratios} |")


def breakdown(data: bytes, rounds: int) -> None:
    print(f"\n## Where our time goes (one 12 MP photo, {summary.label()} ms)\n")
    print("| step | ms | output bytes |")
    print("|---|---:|---:|")

    def decoded() -> Image.Image:
        image = Image.open(io.BytesIO(data), formats=["JPEG"])
        image.draft(None, (1920, 1440))
        image.load()
        return image

    width, height = decoded().size
    print(f"| decode (JPEG draft to {width}x{height}) | {summary_ms(decoded, rounds):.1f} | |")
    current = decoded()
    for width in PRESET.widths:
        size = (width, round(width * current.height / current.width))
        source = current
        resize_ms = summary_ms(
            lambda s=source, z=size: s.resize(z, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP), rounds
        )
        current = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        print(f"| resize {source.width} -> {width} | {resize_ms:.1f} | |")
        for spec in (*PRESET.formats, Encoding(format=ImageFormat.AVIF, quality=60)):
            picture = current
            ms = summary_ms(lambda p=picture, s=spec: encode(p, s, None), rounds)
            label = f"encode w{width} {spec.format.value} q{spec.quality}" + (
                " (not in the preset)" if spec.format is ImageFormat.AVIF else ""
            )
            print(f"| {label} | {ms:.1f} | {len(encode(picture, spec, None)):,} |")


def threads(data: bytes, rounds: int) -> None:
    """Which encoders run in parallel on threads (release the GIL): one 1920 picture encoded
    2 x `rounds` times on one thread, then `rounds` times on each of two."""
    print("\n## Encoders on two threads (one 1920x1440 picture, wall ms)\n")
    print("| encode | one thread | two threads | speed-up |")
    print("|---|---:|---:|---:|")
    image = Image.open(io.BytesIO(data), formats=["JPEG"])
    image.draft(None, (1920, 1440))
    picture = image.resize((1920, 1440), Image.Resampling.LANCZOS)
    for spec in (
        *PRESET.formats,
        Encoding(format=ImageFormat.AVIF, quality=60),
        Encoding(format=ImageFormat.PNG),
    ):
        copies = [picture.copy(), picture.copy()]  # Image.save writes onto the image: one each

        def work(copy: Image.Image, spec: Encoding = spec) -> None:
            for _ in range(rounds):
                encode(copy, spec, None)

        encode(picture, spec, None)  # warm-up
        started = time.perf_counter()
        work(copies[0])
        work(copies[0])
        alone = time.perf_counter() - started
        started = time.perf_counter()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(work, copies))
        both = time.perf_counter() - started
        name = f"{spec.format.value} q{spec.quality}" if spec.format is not ImageFormat.PNG else "png"
        print(f"| {name} | {alone * 1000:.0f} | {both * 1000:.0f} | {alone / both:.2f}x |")


def memory() -> None:
    print("\n## Peak memory of one 50 MP input (separate process, RSS)\n")
    print("| input | usable cores | baseline MB (imports + file) | peak MB | outputs |")
    print("|---|---:|---:|---:|---:|")
    counts = sorted({1, usable_cpus()})
    for fmt, content_type in (("JPEG", "image/jpeg"), ("PNG", "image/png")):
        with tempfile.NamedTemporaryFile(suffix=f".{fmt.lower()}") as handle:
            handle.write(inputs.fifty_megapixel(fmt))
            handle.flush()
            for count in counts:
                result = subprocess.run(
                    [
                        sys.executable,
                        str(ROOT / "bench" / "memory.py"),
                        handle.name,
                        content_type,
                        str(count),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                figures = json.loads(result.stdout)
                size = f"{inputs.FIFTY_MP[0]}x{inputs.FIFTY_MP[1]} {fmt}"
                print(
                    f"| {size} | {count} | {figures['baseline_mb']:.0f} | {figures['peak_mb']:.0f} "
                    f"| {figures['outputs']} |"
                )


SECTIONS = ("inprocess", "cli", "cores", "threads", "breakdown", "memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument(
        "--stat", choices=("median", "min"), default=os.environ.get("BENCH_STAT", "median"),
        help="how rounds become one figure (min: the best round, for a busy shared machine)",
    )  # fmt: skip
    parser.add_argument(
        "--sections", default=",".join(SECTIONS),
        help=f"which parts to run, comma-separated (default: all of {','.join(SECTIONS)})",
    )  # fmt: skip
    args = parser.parse_args()
    os.environ["BENCH_STAT"] = args.stat
    sections = set(args.sections.split(","))
    if unknown := sections - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    print(f"# mediapipe image benchmark\n\nMachine: {machine()}")
    photos = inputs.twelve_megapixel_photos()
    if "inprocess" in sections:
        ratio_table(photos, args.rounds, threads=1)
        ratio_table(photos, args.rounds, threads=os.cpu_count() or 1)
    if "cli" in sections:
        cli.compare(photos, PRESET, args.rounds)
    if "cores" in sections:
        ours = lambda data: process_media(data, "image/jpeg", PRESET, Limits())  # noqa: E731
        cores.report(cores.per_image(photos, ours, args.rounds))
    if "threads" in sections:
        threads(next(iter(photos.values())), max(1, args.rounds // 2))
    if "breakdown" in sections:
        breakdown(next(iter(photos.values())), args.rounds)
    if "memory" in sections:
        memory()
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
