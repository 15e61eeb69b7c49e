"""The Lambda zips: built for the platform (cp312, manylinux, x86_64), with only what each function
needs, reproducible, and importable on their own.

The zips are built here with the same builder as `make package` (wheels cached in .cache/, so only the
first run downloads). The handlers are imported from the extracted zip by a clean interpreter
(`-I -S`: no site-packages, no PYTHONPATH, no current directory) whose sys.path is the artifact, as in
Lambda's /var/task, the standard library, and a directory standing in for the runtime's own
site-packages: the AWS SDK and its dependencies at the locked versions, which every Lambda Python
runtime provides and the zips therefore leave out. Nothing may come from anywhere else, and only the
SDK may come from that directory. The project runs on the Lambda runtime's Python, so the tests'
own interpreter imports the cp312 wheels.
"""

from __future__ import annotations

import importlib.util
import json
import marshal
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from infra import packaging, stripping

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("artifact_probe.py")
# What the Pulumi program sets on the functions, with credentials that only let the probe sign
# offline (Lambda sets real ones from the function's role).
ENVIRONMENT = json.loads((REPO / "tests" / "events" / "function_environment.json").read_text())


def _tool(name: str) -> str:
    local = REPO / ".tools" / "bin" / name
    found = str(local) if local.exists() else shutil.which(name)
    assert found, f"{name} is needed to build the artifacts (make setup installs it)"
    return found


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert version == packaging.LAMBDA_PYTHON, "the project runs on the Lambda runtime's Python"
    builder = packaging.Builder(uv=_tool("uv"), pip=[_tool("pip")])
    out = packaging.ARTIFACTS_DIR
    reports = {f: builder.build(f, "x86_64", out) for f in packaging.BUNDLES}
    return {"out": out, "python": sys.executable, "version": version, "reports": reports, "builder": builder}


def _extract(built: dict[str, Any], function: str, into: Path) -> Path:
    with zipfile.ZipFile(packaging.artifact_path(function, "x86_64", built["out"])) as archive:
        archive.extractall(into)
    return into


def _probe(built: dict[str, Any], function: str, artifact: Path) -> dict[str, Any]:
    runtime = artifact.parent / "runtime"
    pins = built["builder"].stage_runtime(function, "x86_64", runtime)
    assert pins == built["reports"][function]["runtime_provided"]
    probe = artifact.parent / "probe.py"
    shutil.copyfile(PROBE, probe)
    result = subprocess.run(
        [built["python"], "-I", "-S", str(probe), function, str(artifact), str(runtime)],
        capture_output=True, text=True, timeout=180, check=False, env=ENVIRONMENT,
        cwd=artifact.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _sys_path_is_artifact_stdlib_and_runtime(found: dict[str, Any], artifact: Path) -> None:
    first, *rest, last = found["sys_path"]
    assert Path(first).resolve() == artifact.resolve()
    assert Path(last).resolve() == (artifact.parent / "runtime").resolve()
    assert all("site-packages" not in p and not p.startswith(str(REPO)) for p in rest), rest


def _only_the_sdk_came_from_the_runtime(found: dict[str, Any]) -> None:
    assert found["outside"] == []
    assert set(found["runtime"]) <= set(packaging.RUNTIME_MODULES), found["runtime"]
    assert {"boto3", "botocore"} <= set(found["runtime"])  # the stand-in was really used
    assert found["sdk"] == {"clients": ["s3", "sqs", "dynamodb"], "presigned": True}


def test_api_handler_imports_and_answers_from_its_artifact(built: dict[str, Any], tmp_path: Path) -> None:
    artifact = _extract(built, "api", tmp_path / "task")
    found = _probe(built, "api", artifact)
    assert found["python"] == built["version"]
    _sys_path_is_artifact_stdlib_and_runtime(found, artifact)
    assert found["health"] == 200
    assert found["graphql_without_key"] == 401  # no authorizer claims, no owner: no access
    assert not found["pil_loaded"]
    assert found["crypto_loaded"] == []  # the authorizer checked the token; nothing to verify here
    _only_the_sdk_came_from_the_runtime(found)


def test_processor_handler_imports_and_processes_every_kind_from_its_artifact(
    built: dict[str, Any], tmp_path: Path
) -> None:
    # GIVEN the extracted processor zip WHEN a clean interpreter processes an image of each codec
    # family, a HEIC, an MP4 and a WAV THEN every native library it needs loads and works from the zip
    artifact = _extract(built, "processor", tmp_path / "task")
    found = _probe(built, "processor", artifact)
    assert found["python"] == built["version"]
    _sys_path_is_artifact_stdlib_and_runtime(found, artifact)
    assert found["handler"]
    assert found["sweeper"]
    assert found["webp"]
    assert found["avif"]
    assert set(found["rendered"]) == {
        "image/jpeg", "image/png", "image/webp", "image/heic", "video/mp4", "audio/wav",
    }  # fmt: skip
    assert all(found["rendered"].values()), found["rendered"]
    assert not found["strawberry_loaded"]
    _only_the_sdk_came_from_the_runtime(found)


def test_artifacts_hold_only_what_each_function_needs(built: dict[str, Any]) -> None:
    forbidden_by_function = {
        "api": {"PIL", "processors", *packaging.RUNTIME_MODULES},
        "processor": {"strawberry", "mangum", "starlette", "app/graphql", *packaging.RUNTIME_MODULES},
    }
    for function, forbidden in forbidden_by_function.items():
        with zipfile.ZipFile(packaging.artifact_path(function, "x86_64", built["out"])) as archive:
            names = archive.namelist()
            infos = archive.infolist()
        tops = {n.split("/")[0] for n in names} | {"/".join(n.split("/")[:2]) for n in names}
        assert not forbidden & tops, function
        # Both publish metrics and traces: Powertools and the X-Ray SDK its tracer needs
        assert {"aws_lambda_powertools", "aws_xray_sdk"} <= tops, function
        _every_module_ships_its_bytecode(names, built["version"])
        assert not [n for n in names if n.startswith(("tests/", "app/local/", "bin/"))]
        assert names == sorted(names)
        assert {i.date_time for i in infos} == {packaging.ZIP_EPOCH}
        report = built["reports"][function]
        assert report["unzipped_bytes"] <= packaging.BUNDLES[function].budget_bytes, function
        abi = f"cpython-{built['version'].replace('.', '')}-x86_64-linux-gnu.so"
        assert any(n.startswith("pydantic_core/") and n.endswith(abi) for n in names), function


def _every_module_ships_its_bytecode(names: list[str], version: str) -> None:
    tag = f"cpython-{version.replace('.', '')}"
    sources = {n for n in names if n.endswith(".py")}
    compiled = {n for n in names if n.endswith(".pyc")}
    expected = {
        f"{Path(n).parent / '__pycache__' / Path(n).stem}.{tag}.pyc".removeprefix("./") for n in sources
    }
    assert expected - compiled == set()
    assert compiled - expected == set()  # no stray bytecode of another version


def test_bytecode_is_hash_based_and_names_the_lambda_task_root(built: dict[str, Any], tmp_path: Path) -> None:
    # GIVEN the api zip WHEN its bytecode is read
    with zipfile.ZipFile(packaging.artifact_path("api", "x86_64", built["out"])) as archive:
        pyc = archive.read(f"app/__pycache__/handler.cpython-{built['version'].replace('.', '')}.pyc")
    # THEN it is an unchecked hash-based pyc (PEP 552: flags 0b01), never revalidated nor timestamped
    assert int.from_bytes(pyc[4:8], "little") == 0b01
    assert pyc[:4] == importlib.util.MAGIC_NUMBER
    # AND it names its source where Lambda unpacks the zip, not where it was built
    code = marshal.loads(pyc[16:])  # noqa: S302  # our own build output
    assert code.co_filename == f"{packaging.LAMBDA_TASK_ROOT}/app/handler.py"


def _native_libraries(zip_path: Path, into: Path) -> list[Path]:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    return [p for p in sorted(into.rglob("*")) if p.is_file() and stripping.machine(p) is not None]


def test_native_libraries_are_for_the_target_and_stripped(built: dict[str, Any], tmp_path: Path) -> None:
    report = built["reports"]["processor"]
    libraries = _native_libraries(packaging.artifact_path("processor", "x86_64", built["out"]), tmp_path)
    assert {stripping.machine(p) for p in libraries} == {stripping.MACHINES["x86_64"]}
    assert not [p for p in libraries if stripping.carries_symbols(p)]
    assert int(str(report["stripped_bytes"])) > 10 * packaging.MIB  # PyAV's and Pillow's symbols


def test_arm64_processor_is_cross_built_stripped_and_reproducible(
    built: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN the arm64 processor zip as `make package` builds it (cross-stripped on other machines)
    builder: packaging.Builder = built["builder"]
    report = builder.build("processor", "arm64", built["out"])
    # WHEN it is built again from scratch, with uv and pip forbidden to reach an index
    monkeypatch.setenv("UV_OFFLINE", "1")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    again = builder.build("processor", "arm64", tmp_path / "again", force=True)
    # THEN it needed no network and is the same zip, byte for byte
    assert again["sha256"] == report["sha256"]
    # AND every native library is for aarch64 and stripped, and the whole is within the budget
    libraries = _native_libraries(packaging.artifact_path("processor", "arm64", built["out"]), tmp_path / "x")
    assert {stripping.machine(p) for p in libraries} == {stripping.MACHINES["arm64"]}
    assert not [p for p in libraries if stripping.carries_symbols(p)]
    assert int(str(report["stripped_bytes"])) > 10 * packaging.MIB
    assert int(str(report["unzipped_bytes"])) <= packaging.BUNDLES["processor"].budget_bytes


def test_pillow_comes_from_a_manylinux_2_28_wheel(built: dict[str, Any]) -> None:
    with zipfile.ZipFile(packaging.artifact_path("processor", "x86_64", built["out"])) as archive:
        wheel = next(
            n for n in archive.namelist() if n.startswith("pillow-") and n.endswith(".dist-info/WHEEL")
        )
        tags = archive.read(wheel).decode()
    assert "manylinux_2_28_x86_64" in tags
    assert f"cp{built['version'].replace('.', '')}" in tags
