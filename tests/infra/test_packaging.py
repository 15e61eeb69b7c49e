"""The pure parts of packaging: pins, cache lookups, reproducible zips, artifact keys."""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from infra import packaging


def test_zips_are_reproducible_whatever_the_file_times(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "pkg" / "__pycache__").mkdir(parents=True)
    (tree / "pkg" / "b.py").write_text("b = 2\n")
    (tree / "pkg" / "a.py").write_text("a = 1\n")
    (tree / "pkg" / "__pycache__" / "a.cpython-312.pyc").write_bytes(b"bytecode")
    first, second = tmp_path / "1.zip", tmp_path / "2.zip"
    packaging.write_zip(tree, first)
    os.utime(tree / "pkg" / "a.py", (1_000_000, 1_000_000))
    packaging.write_zip(tree, second)
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["pkg/__pycache__/a.cpython-312.pyc", "pkg/a.py", "pkg/b.py"]


def test_bytecode_is_the_same_whatever_the_staging_folder_or_hash_seed(tmp_path: Path) -> None:
    # GIVEN the same module staged in two folders, with a set constant (ordered by string hashes)
    builder = packaging.Builder(
        uv="uv", pip=["pip"], python_version=f"{sys.version_info[0]}.{sys.version_info[1]}"
    )
    compiled = []
    for name in ("one", "two"):
        tree = tmp_path / name / "pkg"
        tree.mkdir(parents=True)
        (tree / "mod.py").write_text("def kind(x):\n    return x in {'alpha', 'beta', 'gamma', 'delta'}\n")
        # WHEN each is compiled
        builder.compile_bytecode(tree.parent)
        compiled.append(next((tree / "__pycache__").glob("mod.*.pyc")).read_bytes())
    # THEN the bytecode is byte for byte the same
    assert compiled[0] == compiled[1]


def test_bytecode_needs_the_lambda_python(tmp_path: Path) -> None:
    builder = packaging.Builder(uv="uv", pip=["pip"], python_version="3.9")
    with pytest.raises(RuntimeError, match=r"bytecode for Python 3\.9 needs that interpreter"):
        builder.compile_bytecode(tmp_path)


def test_markers_are_evaluated_for_the_lambda_platform() -> None:
    exported = (
        "av==19.0.2\n"
        "cffi==2.1.1 ; platform_python_implementation != 'PyPy'\n"
        "colorama==0.4.6 ; sys_platform == 'win32'\n"
        "tomli==2.0.1 ; python_full_version < '3.11'\n"
        "uvloop==0.21.0 ; platform_machine == 'aarch64'\n"
    )
    x86 = packaging.for_platform(exported, packaging.lambda_environment("x86_64", "3.12"))
    arm = packaging.for_platform(exported, packaging.lambda_environment("arm64", "3.12"))
    assert x86 == "av==19.0.2\ncffi==2.1.1\n"
    assert arm == "av==19.0.2\ncffi==2.1.1\nuvloop==0.21.0\n"


def test_pins_and_cached_wheels(tmp_path: Path) -> None:
    pins = packaging.parse_pins(
        "# comment\nPillow==13.0.0 ; python_version >= '3.9'\n--index-url x\nsix==1.17.0\n"
    )
    assert pins == [("Pillow", "13.0.0"), ("six", "1.17.0")]
    (tmp_path / "pillow-13.0.0-cp312-cp312-manylinux_2_28_x86_64.whl").write_bytes(b"")
    assert packaging.cached_wheel(tmp_path, "Pillow", "13.0.0") is not None
    assert packaging.cached_wheel(tmp_path, "pillow", "12.0.0") is None
    with pytest.raises(ValueError, match="not pinned"):
        packaging.parse_pins("boto3>=1.0\n")


def test_artifacts_are_content_addressed(tmp_path: Path) -> None:
    path = packaging.artifact_path("api", "arm64", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"zip bytes")
    artifact = packaging.locate("api", "arm64", tmp_path)
    assert artifact.key == f"api/{hashlib.sha256(b'zip bytes').hexdigest()}.zip"
    with pytest.raises(packaging.MissingArtifact, match="make package"):
        packaging.locate("processor", "arm64", tmp_path)


def test_project_files_leave_out_local_code_and_bytecode() -> None:
    files = [
        p.relative_to(packaging.REPO_ROOT).as_posix()
        for p in packaging.project_files(packaging.REPO_ROOT, packaging.BUNDLES["processor"])
    ]
    assert "processors/handler.py" in files
    assert "app/settings.py" in files
    assert not [
        f for f in files if f.startswith(("app/local/", "app/graphql/", "tests/")) or f.endswith(".pyc")
    ]


def test_what_the_runtime_provides_is_exactly_the_sdk_and_its_dependencies() -> None:
    # AWS: bundling part of the SDK's dependencies next to the runtime's boto3 is what breaks when the
    # runtime is updated; so the set left out must be boto3's whole dependency closure, and only that.
    lock = tomllib.loads((packaging.REPO_ROOT / "uv.lock").read_text())
    dependencies = {p["name"]: [d["name"] for d in p.get("dependencies", [])] for p in lock["package"]}
    closure, todo = set(), ["boto3"]
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo.extend(dependencies[name])
    assert closure == packaging.RUNTIME_PROVIDED
    assert packaging.runtime_provided("Python_Dateutil")
    assert not packaging.runtime_provided("pydantic")
    for bundle in packaging.BUNDLES.values():
        assert set(packaging.RUNTIME_MODULES) <= set(bundle.forbidden)
