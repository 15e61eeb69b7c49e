"""Symbol tables and debug sections out of the native libraries of a staged Lambda artifact.

Some wheels ship their extension modules unstripped (PyAV's ~50 Cython modules carry ~20 MiB of
symbols and DWARF, Pillow's `_imaging` ~3 MiB); nothing at runtime reads them, and every byte counts
against Lambda's 250 MB unzipped limit. `strip --strip-unneeded` removes what a shared object needs
for neither loading nor relocation (`.symtab`, `.strtab`, `.debug_*`) and keeps `.dynsym`/`.dynamic`,
which is what the auditwheel-vendored libraries in `*.libs/` already look like.

Only files that still carry a symbol table or debug sections are touched: a file that is already
stripped (most of `*.libs/`, patched by auditwheel's patchelf) is never rewritten. llvm-strip handles
x86_64 and aarch64 alike on any host; GNU strip only handles its own target, so for an arm64 artifact
on an x86_64 machine it takes `aarch64-linux-gnu-strip` (Debian: binutils-aarch64-linux-gnu).
Stripping is deterministic for a given tool version, which is part of the build's input digest.

Stdlib only; the Pulumi program never imports this.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Iterable
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
ELFCLASS64, ELFDATA2LSB = 2, 1
# e_machine of the targets: EM_X86_64 and EM_AARCH64.
MACHINES = {"x86_64": 62, "arm64": 183}
GNU_TRIPLES = {"x86_64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}
VERSIONED = re.compile(r"llvm-strip-\d+")


class MissingStrip(FileNotFoundError):
    """No strip tool that can handle the target architecture is installed."""


def section_names(path: Path) -> list[str] | None:
    """The section names of a 64-bit little-endian ELF file (both Lambda targets), else None."""
    with path.open("rb") as handle:
        header = handle.read(64)
        if len(header) < 64 or header[:4] != ELF_MAGIC or (header[4], header[5]) != (ELFCLASS64, ELFDATA2LSB):
            return None
        data = header + handle.read()
    (table,) = struct.unpack_from("<Q", data, 0x28)  # e_shoff
    entry_size, count, names_index = struct.unpack_from("<HHH", data, 0x3A)  # e_shentsize, e_shnum, ...
    if not count or names_index >= count or entry_size < 64 or table + entry_size * count > len(data):
        return []

    def field(index: int, offset: int, fmt: str) -> int:
        return int(struct.unpack_from(fmt, data, table + index * entry_size + offset)[0])

    names_at = field(names_index, 0x18, "<Q")  # sh_offset of the section name table
    found = []
    for index in range(count):
        start = names_at + field(index, 0, "<I")  # sh_name
        found.append(data[start : data.find(b"\0", start)].decode("ascii", "replace"))
    return found


def machine(path: Path) -> int | None:
    """The ELF e_machine of a file, or None if it is not ELF."""
    with path.open("rb") as handle:
        header = handle.read(20)
    if len(header) < 20 or header[:4] != ELF_MAGIC:
        return None
    return int(struct.unpack_from("<H", header, 18)[0])


def carries_symbols(path: Path) -> bool:
    """An ELF file with a symbol table or debug sections: what `--strip-unneeded` removes."""
    return any(n == ".symtab" or n.startswith(".debug_") for n in section_names(path) or ())


def find_strip(architecture: str) -> str:
    """llvm-strip (unversioned, else the newest llvm-strip-N), else GNU strip for the target."""
    versioned: set[str] = set()
    for directory in filter(None, os.environ.get("PATH", "").split(os.pathsep)):
        if Path(directory).is_dir():
            versioned |= {p.name for p in Path(directory).glob("llvm-strip-*") if VERSIONED.fullmatch(p.name)}
    newest_first = sorted(versioned, key=lambda name: int(name.rsplit("-", 1)[1]), reverse=True)
    for candidate in ["llvm-strip", *newest_first, f"{GNU_TRIPLES[architecture]}-strip"]:
        found = shutil.which(candidate)
        if found:
            return found
    raise MissingStrip(
        f"no strip tool for {architecture}: install llvm (llvm-strip handles every target) "
        f"or binutils for {GNU_TRIPLES[architecture]}"
    )


def describe(tool: str) -> str:
    """The tool's name and version (not the host CPU llvm-strip also prints), for the input digest."""
    result = subprocess.run([tool, "--version"], check=True, capture_output=True, text=True)  # noqa: S603
    first, *rest = [line.strip() for line in result.stdout.splitlines() if line.strip()] or [""]
    return " / ".join([Path(tool).name, first, *(line for line in rest if "version" in line.lower())])


def strip_symbols(files: Iterable[Path], tool: str) -> int:
    """Strip every file that carries symbols; returns the bytes saved."""
    targets = [path for path in files if carries_symbols(path)]
    if not targets:
        return 0
    before = sum(path.stat().st_size for path in targets)
    subprocess.run([tool, "--strip-unneeded", *map(str, targets)], check=True, capture_output=True)  # noqa: S603
    return before - sum(path.stat().st_size for path in targets)
