"""`mediapipe process`: the pipeline's verdict and outputs for local files, with no AWS at all.

Each file goes through `processors.examine.examine`, the function the processor calls on an
upload's bytes, under the rules the processor reads from the same environment
(`app.settings.rules_from_env`): same checks, codes, messages and outputs. A local file
declares nothing, so where the pipeline compares the declared type with the real one, this holds
the real type to being accepted media (processors/validation.py).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from app.client.failure import fail, no_file
from app.client.spread import map_across_cores, worker_count
from app.domain.media_types import kind_of
from app.domain.models import MediaStatus, Refused
from app.domain.presets import Preset, find_preset
from app.domain.rules import Rules
from app.settings import rules_from_env
from processors.examine import examine
from processors.media import preload
from processors.rendering import Rendition
from processors.sniff import HEAD_BYTES, sniff
from processors.validation import check_size

console = Console()


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file's outcome, as `--json` prints it."""

    file: str
    type: str | None
    status: str  # READY, REJECTED or FAILED, as the pipeline would leave the item
    code: str | None = None
    message: str | None = None
    folder: str | None = None  # where its outputs went (READY only)
    outputs: tuple[str, ...] = ()  # rendition names, in the pipeline's order
    ms: float = 0.0


def process_files(files: list[Path], out_dir: Path, preset_name: str | None, *, as_json: bool = False) -> int:
    """0 when every file ends READY, 1 when one does not, 2 when nothing could start (bad
    configuration or preset), 3 when a file is missing (app/client/exit_codes.py)."""
    try:
        rules = rules_from_env()
    except ValidationError as invalid:
        console.print(f"[red]The processing configuration in the environment is invalid[/red]:\n{invalid}")
        return 2
    preset = find_preset(rules.presets, preset_name or rules.default_preset)
    if preset is None:
        console.print(
            f"[red]No preset named {preset_name!r}[/red]; known: {', '.join(p.name for p in rules.presets)}"
        )
        return 2
    if (missing := no_file(files)) is not None:
        return fail(missing)
    # Once, before the workers fork, rather than once in each of them.
    preload(sniff(_head(path)) or "" for path in files)
    # Files in parallel, results in the order given: each worker writes its own file's outputs.
    jobs = list(zip(files, output_folders(files), strict=True))
    results = map_across_cores(partial(_process_one, out_dir=out_dir, rules=rules, preset=preset), jobs)
    if as_json:
        sys.stdout.write(json.dumps([asdict(result) for result in results], indent=2) + "\n")
    else:
        _print_table(
            results, f"mediapipe process (preset {preset.name}, {worker_count(len(files))} at a time)"
        )
    return 0 if all(result.status == MediaStatus.READY for result in results) else 1


def output_folders(files: list[Path]) -> list[str]:
    """Each file's own folder under --out: its stem, or, when an earlier file took that name (a/x.jpg
    and b/x.jpg, or x.jpg and x.png), the stem with -2, -3... in the order the files were given."""
    taken: set[str] = set()
    folders = []
    for path in files:
        name, number = path.stem, 1
        while name in taken:
            number += 1
            name = f"{path.stem}-{number}"
        taken.add(name)
        folders.append(name)
    return folders


def _save(rendition: Rendition, target: Path) -> None:
    """An output as a file of its own; a stream as a folder with its playlists and segments."""
    if not rendition.beside:
        named = target / f"{rendition.name}.{rendition.format.extension}"
        if isinstance(rendition.data, Path):
            shutil.move(rendition.data, named)
        else:
            named.write_bytes(rendition.data)
        return
    assert isinstance(rendition.data, Path)
    folder = target / rendition.name
    folder.mkdir(exist_ok=True)
    for path in (rendition.data, *rendition.beside):
        shutil.move(path, folder / path.name)


def _process_one(job: tuple[Path, str], *, out_dir: Path, rules: Rules, preset: Preset) -> FileResult:
    path, folder = job
    started = time.perf_counter()
    if too_large := _refusal_before_reading(path, rules):
        return _refused(path, sniff(_head(path)), too_large, started)
    examined = examine(path.read_bytes(), rules, preset, log_extra={"file": path.name})
    if isinstance(examined.outcome, Refused):
        return _refused(path, examined.real_type, examined.outcome, started)
    rendering = examined.outcome
    target = out_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    try:
        for rendition in rendering.renditions:
            _save(rendition, target)
    finally:
        rendering.discard()
    metadata = {
        **rendering.metadata,
        "detectedType": examined.real_type,
        "preset": preset.name,
        "blurhash": rendering.blurhash,
        "dominantColor": rendering.dominant_color,
    }
    (target / "metadata.json").write_text(json.dumps(metadata, indent=2, default=str))
    return FileResult(
        file=str(path),
        type=examined.real_type,
        status=MediaStatus.READY.value,
        folder=str(target),
        outputs=tuple(rendition.name for rendition in rendering.renditions),
        ms=_ms_since(started),
    )


def _refusal_before_reading(path: Path, rules: Rules) -> Refused | None:
    """The pipeline checks an original's size before reading it, so one over its limit is never
    read into memory; the same check here, on the size on disk and the kind the first bytes are."""
    problem = check_size(path.stat().st_size, kind_of(sniff(_head(path)) or ""), rules.limits)
    return Refused(MediaStatus.REJECTED, problem) if problem else None


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(HEAD_BYTES)


def _refused(path: Path, real_type: str | None, refused: Refused, started: float) -> FileResult:
    return FileResult(
        file=str(path),
        type=real_type,
        status=refused.status.value,
        code=refused.error.code.value,
        message=refused.error.message,
        ms=_ms_since(started),
    )


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _print_table(results: list[FileResult], title: str) -> None:
    table = Table(title=title)
    for column in ("file", "type", "result", "outputs", "ms"):
        table.add_column(column)
    for result in results:
        if result.status == MediaStatus.READY:
            outcome, outputs = "[green]ok[/green]", f"{len(result.outputs)} in {result.folder}"
        else:
            outcome, outputs = f"[red]{result.code}[/red] {escape(result.message or '')}", ""
        table.add_row(Path(result.file).name, result.type or "?", outcome, outputs, f"{result.ms:.0f}")
    console.print(table)
