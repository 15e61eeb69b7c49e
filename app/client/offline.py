"""`mediapipe process`: the pipeline's media work on local files, with no AWS at all."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pydantic import TypeAdapter
from rich.console import Console
from rich.table import Table

from app.client.spread import map_across_cores, worker_count
from app.domain.errors import InputRejected
from app.domain.limits import Limits
from app.domain.media_types import KIND_OF_TYPE
from app.domain.presets import BUILTIN_PRESETS, DEFAULT_PRESET, Preset, find_preset
from processors.media import preload, process_media
from processors.sniff import HEAD_BYTES, sniff

console = Console()


def configured_presets() -> tuple[Preset, ...]:
    """MEDIAPIPE_PRESETS when set (as on the Lambdas), else the built-in presets."""
    raw = os.environ.get("MEDIAPIPE_PRESETS")
    return TypeAdapter(tuple[Preset, ...]).validate_json(raw) if raw else BUILTIN_PRESETS


def process_files(files: list[Path], out_dir: Path, preset_name: str | None) -> int:
    presets = configured_presets()
    preset = find_preset(presets, preset_name or DEFAULT_PRESET)
    if preset is None:
        console.print(
            f"[red]No preset named {preset_name!r}[/red]; known: {', '.join(p.name for p in presets)}"
        )
        return 2
    workers = worker_count(len(files))
    table = Table(title=f"mediapipe process (preset {preset.name}, {workers} at a time)")
    for column in ("file", "type", "result", "outputs", "ms"):
        table.add_column(column)
    # Once, before the workers fork, rather than once in each of them.
    preload(sniff(_head(path)) or "" for path in files)
    # Files in parallel, rows in the order given: each worker writes its own file's outputs.
    rows = map_across_cores(partial(_process_one, out_dir=out_dir, preset=preset), files)
    for row in rows:
        table.add_row(*row.cells)
    console.print(table)
    return 0 if all(row.ok for row in rows) else 1


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(HEAD_BYTES)


@dataclass(frozen=True, slots=True)
class _Row:
    cells: tuple[str, str, str, str, str]
    ok: bool


def _process_one(path: Path, *, out_dir: Path, preset: Preset) -> _Row:
    started = time.perf_counter()
    data = path.read_bytes()
    content_type = sniff(data[:HEAD_BYTES])
    try:
        if content_type is None or content_type not in KIND_OF_TYPE:
            raise InputRejected(f"not a supported media file ({content_type or 'unknown type'})")
        rendering = process_media(data, content_type, preset, Limits())
    except InputRejected as rejected:
        return _Row(
            (path.name, content_type or "?", f"[red]{rejected.code}[/red] {rejected.message}", "", ""), False
        )
    except Exception as error:
        return _Row((path.name, content_type or "?", f"[red]PROCESSING_ERROR[/red] {error!r}", "", ""), False)
    target = out_dir / path.stem
    target.mkdir(parents=True, exist_ok=True)
    for rendition in rendering.renditions:
        (target / f"{rendition.name}.{rendition.format.extension}").write_bytes(rendition.data)
    metadata = {
        **rendering.metadata,
        "detectedType": content_type,
        "blurhash": rendering.blurhash,
        "dominantColor": rendering.dominant_color,
    }
    (target / "metadata.json").write_text(json.dumps(metadata, indent=2, default=str))
    elapsed = (time.perf_counter() - started) * 1000
    outputs = f"{len(rendering.renditions)} in {target}"
    return _Row((path.name, content_type, "[green]ok[/green]", outputs, f"{elapsed:.0f}"), True)
