"""The command-line comparison of `make bench`: `mediapipe process` against libvips' own command-line
tools making the same outputs from the same files, each run as a user would run it (a new process,
interpreter start and imports included).

The reference is Debian's `libvips-tools` (`vips`, `vipsthumbnail`), a dev-only tool: when it is
not installed the comparison is skipped with a message saying how to get it. Shapes (the ratio is
against whichever is fastest):

* *vipsthumbnail*: one `vipsthumbnail` per output (width x format) over all the files, the tool's
  intended use: shrink-on-load for every output;
* *cascade*: per file, `vips thumbnail` to the largest width, each smaller width made from the
  previous one with `vips thumbnail_image`, both formats saved from each (`.v` files between steps);
* *cascade, files in parallel*: the same per-file chains, as many at once as there are CPUs
  (`xargs -P`), the strongest use of several cores a shell script would make.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image
from summary import label, summary

from app.domain.presets import Encoding, ImageFormat, Preset
from processors.cores import usable_cpus

ROOT = Path(__file__).resolve().parents[1]
Chain = list[list[str]]  # commands that must run one after another
MISSING = (
    "libvips' command-line tools are not installed: the command-line comparison is skipped "
    "(Debian/Ubuntu: apt-get install libvips-tools)."
)


def vips_version() -> str | None:
    if shutil.which("vips") is None or shutil.which("vipsthumbnail") is None:
        return None
    return subprocess.run(["vips", "--version"], capture_output=True, text=True, check=True).stdout.strip()


def _options(encoding: Encoding) -> str:
    """vips' save options equal to our encoders' settings (processors/imaging/encode.py)."""
    if encoding.format is ImageFormat.WEBP:
        return f"Q={encoding.quality},effort=4,strip"
    if encoding.format is ImageFormat.JPEG:
        return f"Q={encoding.quality},strip"  # baseline, 4:2:0 below Q90, no optimize_coding
    raise ValueError(f"the command-line reference covers WebP and JPEG, not {encoding.format}")


def _extension(encoding: Encoding) -> str:
    return encoding.format.extension


def vipsthumbnail_chains(files: list[Path], out: Path, preset: Preset) -> list[Chain]:
    return [
        [
            [
                "vipsthumbnail", "--size", f"{width}x10000000",
                "-o", f"{out}/%s-w{width}.{_extension(spec)}[{_options(spec)}]", *map(str, files),
            ]
        ]
        for width in preset.widths
        for spec in preset.formats
    ]  # fmt: skip


def cascade_chains(files: list[Path], out: Path, preset: Preset) -> list[Chain]:
    chains = []
    for path in files:
        chain: Chain = []
        source = None
        for width in preset.widths:
            step = out / f"{path.stem}-w{width}.v"
            size = [str(width), "--height", "10000000", "--size", "down"]
            if source is None:
                chain.append(["vips", "thumbnail", str(path), str(step), *size])
            else:
                chain.append(["vips", "thumbnail_image", str(source), str(step), *size])
            for spec in preset.formats:
                saved = out / f"{path.stem}-w{width}.{_extension(spec)}"
                chain.append(["vips", "copy", str(step), f"{saved}[{_options(spec)}]"])
            source = step
        chains.append(chain)
    return chains


def _run(chains: list[Chain], parallel: int) -> None:
    def run(chain: Chain) -> None:
        for command in chain:
            subprocess.run(command, check=True, capture_output=True)

    if parallel <= 1:
        for chain in chains:
            run(chain)
        return
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(run, chains))


def ours(files: list[Path], out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "app.cli", "process", *map(str, files), "--out", str(out)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(action: Callable[[Path], None]) -> tuple[float, float]:
    """(CPU ms of the processes it started, all their threads and children; wall ms), in a fresh
    output directory."""
    with tempfile.TemporaryDirectory() as scratch:
        cpu, wall = _children_cpu_s(), time.perf_counter()
        action(Path(scratch))
        return (_children_cpu_s() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def _shapes_of_ours(out: Path) -> list[tuple[str, int, int, str]]:
    shapes = []
    for path in out.rglob("w*.*"):
        with Image.open(path) as image:
            shapes.append((path.parent.name, image.width, image.height, path.suffix))
    return sorted(shapes)


def _shapes_of_vips(out: Path) -> list[tuple[str, int, int, str]]:
    shapes = []
    for path in out.iterdir():
        if path.suffix == ".v":
            continue
        with Image.open(path) as image:
            shapes.append((path.stem.rsplit("-w", 1)[0], image.width, image.height, path.suffix))
    return sorted(shapes)


def same_outputs(files: list[Path], preset: Preset) -> None:
    """Every shape makes the same files: same widths and heights, same formats."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        ours(files, root / "ours")
        expected = _shapes_of_ours(root / "ours")
        for name, chains in (("vipsthumbnail", vipsthumbnail_chains), ("cascade", cascade_chains)):
            (root / name).mkdir()
            _run(chains(files, root / name, preset), 1)
            assert _shapes_of_vips(root / name) == expected, (name, _shapes_of_vips(root / name), expected)


def compare(photos: dict[str, bytes], preset: Preset, rounds: int) -> None:
    version = vips_version()
    print("\n## From the command line: `mediapipe process` vs libvips' command-line tools\n")
    if version is None:
        print(MISSING)
        return
    cpus = usable_cpus()
    with tempfile.TemporaryDirectory() as scratch:
        files = []
        for index, data in enumerate(photos.values()):
            files.append(Path(scratch) / f"photo{index}.jpg")
            files[-1].write_bytes(data)
        same_outputs(files, preset)
        actions: dict[str, Callable[[Path], None]] = {
            "mediapipe process": lambda out: ours(files, out),
            "vipsthumbnail": lambda out: _run(vipsthumbnail_chains(files, out, preset), 1),
            "vips cascade": lambda out: _run(cascade_chains(files, out, preset), 1),
            f"vips cascade, {cpus} files at once": lambda out: _run(cascade_chains(files, out, preset), cpus),
        }
        for action in actions.values():
            timed(action)  # warm-up: page cache, dynamic linking
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
        for _ in range(rounds):
            for name, action in actions.items():
                samples[name].append(timed(action))
    result = {
        name: (summary(c for c, _ in runs), summary(w for _, w in runs)) for name, runs in samples.items()
    }
    print(
        f"{len(files)} photos of ~12 MP, {len(preset.widths)} widths x {len(preset.formats)} formats; "
        f"{version}; {label()} of {rounds}; CPU ms of every process started (user + system) / wall ms\n"
    )
    print("| command | CPU ms | wall ms | ours / it, CPU | ours / it, wall |")
    print("|---|---:|---:|---:|---:|")
    cpu, wall = result["mediapipe process"]
    for name, (their_cpu, their_wall) in result.items():
        ratios = "" if name == "mediapipe process" else f"{cpu / their_cpu:.2f} | {wall / their_wall:.2f}"
        print(f"| {name} | {their_cpu:.0f} | {their_wall:.0f} | {ratios or ' | '} |")
    references = {name: figures for name, figures in result.items() if name != "mediapipe process"}
    best_cpu = min(c for c, _ in references.values())
    best_wall = min(w for _, w in references.values())
    print(
        f"\n**Command line, ours / best libvips: CPU {cpu / best_cpu:.2f}, wall {wall / best_wall:.2f}** "
        f"(best CPU {best_cpu:.0f} ms, best wall {best_wall:.0f} ms)"
    )
