"""Stripping native libraries: what is touched, that it is safe and deterministic, which tool is used."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import av
import pytest

from infra import stripping


@pytest.fixture(scope="module")
def unstripped() -> Path:
    """A real extension module that ships with its symbol table (PyAV's wheels do)."""
    candidates = [p for p in Path(av.__file__).parent.rglob("*.so") if stripping.carries_symbols(p)]
    if not candidates:
        pytest.skip("no unstripped extension module in this environment")
    return min(candidates, key=lambda p: p.stat().st_size)


def _tool() -> str:
    try:
        return stripping.find_strip("x86_64")
    except stripping.MissingStrip:
        pytest.skip("no strip tool (.ci/run installs llvm)")


def test_only_elf_files_with_symbols_are_stripped_and_they_stay_loadable(
    unstripped: Path, tmp_path: Path
) -> None:
    # GIVEN an unstripped extension module, a Python file and an ELF already stripped
    library = tmp_path / "library.so"
    shutil.copyfile(unstripped, library)
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    assert stripping.section_names(source) is None
    # WHEN the tree is stripped
    saved = stripping.strip_symbols([library, source], _tool())
    # THEN the symbols are gone, what the dynamic loader needs is kept, and the bytes saved are counted
    names = stripping.section_names(library) or []
    assert saved == unstripped.stat().st_size - library.stat().st_size > 0
    assert not stripping.carries_symbols(library)
    assert {".dynsym", ".dynstr", ".dynamic", ".text"} <= set(names)
    assert stripping.machine(library) == stripping.MACHINES["x86_64"]
    assert source.read_text() == "x = 1\n"
    # AND a stripped file is never rewritten again
    assert stripping.strip_symbols([library], _tool()) == 0


def test_stripping_is_deterministic(unstripped: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.so", tmp_path / "2.so"
    shutil.copyfile(unstripped, first)
    shutil.copyfile(unstripped, second)
    stripping.strip_symbols([first], _tool())
    stripping.strip_symbols([second], _tool())
    assert first.read_bytes() == second.read_bytes()


def _fake_tool(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\necho 'fake strip'\n")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)


def test_llvm_strip_is_preferred_newest_version_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("llvm-strip-9", "llvm-strip-18", "llvm-strip-14", "aarch64-linux-gnu-strip"):
        _fake_tool(tmp_path / "bin", name)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert Path(stripping.find_strip("arm64")).name == "llvm-strip-18"
    _fake_tool(tmp_path / "bin", "llvm-strip")
    assert Path(stripping.find_strip("arm64")).name == "llvm-strip"


def test_gnu_strip_only_for_its_own_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tool(tmp_path / "bin", "aarch64-linux-gnu-strip")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert Path(stripping.find_strip("arm64")).name == "aarch64-linux-gnu-strip"
    with pytest.raises(stripping.MissingStrip, match="llvm"):
        stripping.find_strip("x86_64")


def test_the_tool_version_is_part_of_what_a_build_is_made_from(tmp_path: Path) -> None:
    _fake_tool(tmp_path, "llvm-strip")
    assert stripping.describe(str(tmp_path / "llvm-strip")) == "llvm-strip / fake strip"
