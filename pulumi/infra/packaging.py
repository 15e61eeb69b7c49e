"""Lambda artifacts: where the program finds them, and how `make package` builds them.

One zip per function and architecture, for the Lambda platform rather than this machine:
the function's dependency group is exported from uv.lock, its environment markers are evaluated for
the target (Python 3.12 on manylinux), and pip installs binary wheels only for that platform
(`manylinux_2_28` first: Pillow ships no older tag, and without it pip would silently pick an old
Pillow). What the Lambda Python runtime already provides (the AWS SDK and its dependencies) is left
out, and native libraries that ship with symbols are stripped (see `stripping`). The project's own
packages are copied in without tests; everything is compiled to bytecode (Lambda's /var/task is
read-only, so Python could not cache its own); and the zip is reproducible (sorted entries, fixed
timestamps and modes, hash-based bytecode), so an unchanged build has the same hash and `pulumi
preview` shows no diff.

Nothing needs a warm cache: the markers are evaluated from the lock alone, and the wheels come from
the package index on the first build and from the wheel cache (.cache/) after it, so a rebuild needs
no network.

The Pulumi program imports only `Artifact` and `locate` from here (stdlib only, nothing at import).
Build:  PYTHONPATH=pulumi python -m infra.packaging --arch x86_64 --arch arm64
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from infra import stripping

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "build" / "lambda"
WHEEL_CACHE = REPO_ROOT / ".cache" / "lambda-wheels"
LAMBDA_PYTHON = "3.12"
ARCHITECTURES = {"x86_64": "x86_64", "arm64": "aarch64"}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
LAMBDA_TASK_ROOT = "/var/task"  # where Lambda unpacks a function's zip
RUNTIME_SITE_PACKAGES = "/var/lang/lib/python{version}/site-packages"  # where the runtime keeps the SDK
MIB = 1024 * 1024
# Lambda's own ceiling: 250 MB (262,144,000 bytes = 250 MiB) unzipped, layers included. Each function
# also has a budget of its own, far below it (see `Bundle.budget_mib`).
MAX_UNZIPPED_BYTES = 250 * MIB
# Every Lambda Python runtime ships the AWS SDK for Python with its dependencies (in the runtime's own
# site-packages, after /var/task on sys.path). Shipping them again costs ~22 MiB per function, and AWS
# warns that bundling only part of the set (urllib3, say) next to the runtime's boto3 is what breaks
# when the runtime is updated: so all of it or none of it. This is boto3's dependency closure in
# uv.lock; a test keeps the two equal.
RUNTIME_PROVIDED = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}
)
# The importable names of RUNTIME_PROVIDED: none of them may be in an artifact.
RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")


@dataclass(frozen=True)
class Bundle:
    """What goes into one function's zip."""

    group: str
    include: tuple[str, ...]  # project paths, relative to the repo root
    exclude: tuple[str, ...]  # project paths left out of `include`
    forbidden: tuple[str, ...]  # top-level modules that must not be in the zip
    budget_mib: int  # unzipped, on either architecture: crossing it fails the tests and is reported

    @property
    def budget_bytes(self) -> int:
        return self.budget_mib * MIB


BUNDLES: dict[str, Bundle] = {
    "api": Bundle(
        group="api",
        include=("app",),
        exclude=("app/local", "app/client", "app/cli.py"),
        forbidden=("PIL", "av", "pillow_heif", "processors", *RUNTIME_MODULES),
        # ~41 MiB with bytecode, 12 of it cryptography's compiled core (RSA: checking Cognito's tokens
        # and signing media URLs; imported only when a request needs it, never at cold start), ~7 of
        # it Powertools and the X-Ray SDK (metrics and tracing). More means something heavy slipped
        # into the api group.
        budget_mib=46,
    ),
    "processor": Bundle(
        group="processor",
        include=("app", "processors"),
        exclude=("app/local", "app/client", "app/cli.py", "app/graphql", "app/handler.py"),
        forbidden=("strawberry", "mangum", "starlette", "graphql", *RUNTIME_MODULES),
        # 70% of Lambda's limit. x86_64 needs ~163 MiB (FFmpeg and its codecs ~100 MiB, 27 MiB of that
        # zero padding in PyAV's vendored libraries; libheif with x265 ~23 MiB; Pillow's ~16; bytecode
        # ~7), arm64 ~119 MiB. Past this there is still room to move to a container image
        # (docs/deployment.md) before the hard limit, rather than finding out at `pulumi up`.
        budget_mib=175,
    ),
}


class MissingArtifact(FileNotFoundError):
    """`make package` has not been run for this function and architecture."""


@dataclass(frozen=True)
class Artifact:
    function: str
    path: Path
    sha256_hex: str

    @property
    def sha256_base64(self) -> str:
        return base64.b64encode(bytes.fromhex(self.sha256_hex)).decode()

    @property
    def key(self) -> str:
        """Content-addressed object key: a new build is a new key, an unchanged one no diff."""
        return f"{self.function}/{self.sha256_hex}.zip"


def artifact_path(function: str, architecture: str, root: Path = ARTIFACTS_DIR) -> Path:
    return root / architecture / f"{function}.zip"


def locate(function: str, architecture: str, root: Path = ARTIFACTS_DIR) -> Artifact:
    path = artifact_path(function, architecture, root)
    if not path.is_file():
        raise MissingArtifact(f"{path} is missing: run `make package` (it builds {architecture} too) first")
    return Artifact(function=function, path=path, sha256_hex=hashlib.sha256(path.read_bytes()).hexdigest())


# --- building --------------------------------------------------------------------------------------


def _run(command: Sequence[str], **kwargs: object) -> str:
    result = subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]  # noqa: S603
    return str(result.stdout)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def parse_pins(requirements: str) -> list[tuple[str, str]]:
    """`name==version` lines (comments, options and hashes ignored) as (name, version)."""
    pins = []
    for raw in requirements.splitlines():
        line = raw.split("#", 1)[0].strip().rstrip("\\").strip()
        if not line or line.startswith("-"):
            continue
        requirement = line.split(";", 1)[0].strip()
        name, sep, version = requirement.partition("==")
        if not sep:
            raise ValueError(f"not pinned: {raw!r}")
        pins.append((name.strip(), version.strip()))
    return pins


def lambda_environment(architecture: str, python_version: str) -> dict[str, str]:
    """PEP 508 marker values of the Lambda Python runtime (CPython on Amazon Linux) for an architecture."""
    return {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": ARCHITECTURES[architecture],
        "python_version": python_version,
        "python_full_version": f"{python_version}.0",
        "implementation_version": f"{python_version}.0",
    }


def for_platform(requirements: str, environment: Mapping[str, str]) -> str:
    """The `name==version` lines whose markers hold in `environment`, markers dropped."""
    from packaging.markers import Marker  # build time only: the Pulumi program imports this module

    kept = []
    for raw in requirements.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        requirement, _, marker = line.partition(";")
        if not marker.strip() or Marker(marker.strip()).evaluate(dict(environment)):
            kept.append(requirement.strip())
    return "".join(f"{line}\n" for line in sorted(kept, key=str.lower))


def runtime_provided(name: str) -> bool:
    return _normalise(name) in {_normalise(n) for n in RUNTIME_PROVIDED}


def cached_wheel(cache: Path, name: str, version: str) -> Path | None:
    for wheel in sorted(cache.glob("*.whl")):
        wheel_name, wheel_version, *_ = wheel.name.split("-")
        if _normalise(wheel_name) == _normalise(name) and wheel_version == version:
            return wheel
    return None


@dataclass(frozen=True)
class Builder:
    uv: str
    pip: Sequence[str]
    python_version: str = LAMBDA_PYTHON
    wheel_cache: Path = WHEEL_CACHE
    root: Path = REPO_ROOT
    strip: str | None = None  # the strip tool; found for each architecture when not given
    python: str = sys.executable  # compiles the bytecode: must be the Lambda runtime's version

    @cached_property
    def compiler_version(self) -> str:
        """`sys.version` of the interpreter that compiles the bytecode (asked once per builder)."""
        return _run([self.python, "-c", "import sys; print(sys.version)"]).strip()

    def compile_bytecode(self, tree: Path, prefix: str = LAMBDA_TASK_ROOT) -> None:
        """Compile every module in `tree` to bytecode, as Lambda cannot: /var/task is read-only.

        Without .pyc files every cold start compiles every module again. Unchecked-hash pycs are never
        revalidated against their source (the zip's files never change) and carry no timestamp; file
        names are recorded where Lambda unpacks the zip (`prefix`), not as in the staging folder; and a
        fixed hash seed keeps the order of set constants stable. One process compiles the files in order:
        marshal marks objects by their reference counts, which differ between worker processes. So the
        zip stays reproducible.
        """
        version = ".".join(self.compiler_version.split()[0].split(".")[:2])
        if version != self.python_version:
            raise RuntimeError(
                f"bytecode for Python {self.python_version} needs that interpreter;"
                f" {self.python} is {version}"
            )
        _run(
            [self.python, "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash",
             "-s", str(tree), "-p", prefix, str(tree)],
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )  # fmt: skip

    def strip_tool(self, architecture: str) -> str:
        return self.strip or stripping.find_strip(architecture)

    def requirements(self, group: str, architecture: str) -> str:
        """The group's pins from uv.lock, markers evaluated for the Lambda platform.

        `uv export` reads only the lock; the markers are evaluated here rather than by a resolver
        (`uv pip compile`), which would need package metadata from an index or a warm cache.
        """
        exported = _run(
            [
                self.uv,
                "export",
                "--frozen",
                "--no-default-groups",
                "--group",
                group,
                "--no-emit-project",
                "--no-hashes",
                "--no-annotate",
                "--no-header",
            ],
            cwd=self.root,
        )
        return for_platform(exported, lambda_environment(architecture, self.python_version))

    def _platform_args(self, architecture: str) -> list[str]:
        machine = ARCHITECTURES[architecture]
        return [
            "--only-binary=:all:",
            f"--platform=manylinux_2_28_{machine}",
            f"--platform=manylinux2014_{machine}",
            f"--python-version={self.python_version}",
            "--implementation=cp",
            "--no-deps",
            "--disable-pip-version-check",
        ]

    def wheels(self, pins: Sequence[tuple[str, str]], architecture: str) -> Path:
        """A directory holding a wheel for every pin; only missing ones are downloaded."""
        cache = self.wheel_cache / f"cp{self.python_version.replace('.', '')}-{architecture}"
        cache.mkdir(parents=True, exist_ok=True)
        missing = [f"{n}=={v}" for n, v in pins if cached_wheel(cache, n, v) is None]
        if missing:
            _run([*self.pip, "download", *self._platform_args(architecture), "--dest", str(cache), *missing])
        return cache

    def install(self, pins: Sequence[tuple[str, str]], architecture: str, target: Path) -> None:
        """Install exactly these pins (no dependency resolution: the lock already did it) into `target`."""
        cache = self.wheels(pins, architecture)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("".join(f"{n}=={v}\n" for n, v in pins))
        try:
            _run(
                [
                    *self.pip,
                    "install",
                    *self._platform_args(architecture),
                    # pip checks Requires-Python against the interpreter running it, not --python-version;
                    # the wheels were already chosen for the target version by `pip download` above.
                    "--ignore-requires-python",
                    "--no-index",
                    "--find-links",
                    str(cache),
                    "--no-compile",
                    "--target",
                    str(target),
                    "--requirement",
                    handle.name,
                ]
            )
        finally:
            Path(handle.name).unlink()
        shutil.rmtree(target / "bin", ignore_errors=True)  # console scripts carry this machine's paths

    def stage(self, function: str, architecture: str, staging: Path, requirements: str) -> None:
        """Install the pinned dependencies the runtime lacks, and the project's code, into `staging`."""
        pins = [p for p in parse_pins(requirements) if not runtime_provided(p[0])]
        self.install(pins, architecture, staging)
        for path in project_files(self.root, BUNDLES[function]):
            destination = staging / path.relative_to(self.root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)

    def stage_runtime(
        self, function: str, architecture: str, target: Path, *, compiled: bool = False
    ) -> list[str]:
        """What the function expects from the Lambda runtime, at the locked versions, into `target`.

        For tests and `make coldstart`, standing in for the runtime's site-packages (`compiled`: with
        bytecode, as the runtime ships it); never part of an artifact.
        """
        requirements = self.requirements(BUNDLES[function].group, architecture)
        pins = [p for p in parse_pins(requirements) if runtime_provided(p[0])]
        self.install(pins, architecture, target)
        if compiled:
            self.compile_bytecode(target, prefix=RUNTIME_SITE_PACKAGES.format(version=self.python_version))
        return [f"{n}=={v}" for n, v in pins]

    def inputs_digest(self, function: str, architecture: str, requirements: str) -> str:
        """Everything a zip is made from; an unchanged digest means an unchanged zip."""
        digest = hashlib.sha256()
        strip = stripping.describe(self.strip_tool(architecture))
        compiler = self.compiler_version
        parts = (
            function,
            architecture,
            self.python_version,
            compiler,
            requirements,
            strip,
            *_builder_sources(),
        )
        for part in parts:
            digest.update(part.encode() + b"\0")
        for path in project_files(self.root, BUNDLES[function]):
            digest.update(path.relative_to(self.root).as_posix().encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def build(self, function: str, architecture: str, out: Path, *, force: bool = False) -> dict[str, object]:
        bundle = BUNDLES[function]
        destination = artifact_path(function, architecture, out)
        stamp = destination.with_suffix(".inputs")
        requirements = self.requirements(bundle.group, architecture)
        digest = self.inputs_digest(function, architecture, requirements)
        report_file = destination.with_suffix(".json")
        if not force and destination.is_file() and stamp.is_file() and stamp.read_text() == digest:
            report: dict[str, object] = json.loads(report_file.read_text())
            return report
        with tempfile.TemporaryDirectory(prefix=f"lambda-{function}-") as tmp:
            staging = Path(tmp)
            self.stage(function, architecture, staging, requirements)
            present = forbidden_modules(staging, bundle)
            if present:
                raise RuntimeError(f"{function} must not contain {', '.join(present)}")
            stripped = stripping.strip_symbols(_files(staging), self.strip_tool(architecture))
            self.compile_bytecode(staging)
            destination.parent.mkdir(parents=True, exist_ok=True)
            unzipped = write_zip(staging, destination)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise RuntimeError(f"{function}: {unzipped} bytes unzipped is over Lambda's limit")
        report = {
            "function": function,
            "architecture": architecture,
            "python": self.python_version,
            "zip_bytes": destination.stat().st_size,
            "unzipped_bytes": unzipped,
            "stripped_bytes": stripped,
            "sha256": hashlib.sha256(destination.read_bytes()).hexdigest(),
            "packages": [f"{n}=={v}" for n, v in parse_pins(requirements) if not runtime_provided(n)],
            "runtime_provided": [f"{n}=={v}" for n, v in parse_pins(requirements) if runtime_provided(n)],
        }
        report_file.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
        stamp.write_text(digest)
        return report


def _builder_sources() -> list[str]:
    return [Path(__file__).read_text(), Path(stripping.__file__).read_text()]


def project_files(root: Path, bundle: Bundle) -> Iterator[Path]:
    """The project's source files for a bundle: no tests, no bytecode, no excluded modules."""
    excluded = tuple(root / e for e in bundle.exclude)
    for top in bundle.include:
        for path in sorted((root / top).rglob("*")):
            if (
                path.is_file()
                and "__pycache__" not in path.parts
                and path.suffix in {".py", ".json", ".typed"}
                and not any(path == e or e in path.parents for e in excluded)
            ):
                yield path


def forbidden_modules(staging: Path, bundle: Bundle) -> list[str]:
    return sorted(m for m in bundle.forbidden if (staging / m).exists() or (staging / f"{m}.py").exists())


def _files(tree: Path) -> Iterable[Path]:
    for path in sorted(tree.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}:
            yield path


def write_zip(tree: Path, destination: Path) -> int:
    """Zip all of `tree` reproducibly: sorted entries, fixed time and mode. Returns unzipped bytes."""
    total = 0
    files = (p for p in tree.rglob("*") if p.is_file())
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(files, key=lambda p: p.relative_to(tree).as_posix()):
            info = zipfile.ZipInfo(path.relative_to(tree).as_posix(), date_time=ZIP_EPOCH)
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.create_system = 3  # unix, so the mode above is honoured
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            total += len(data)
            archive.writestr(info, data, compresslevel=9)
    return total


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Lambda zips")
    parser.add_argument("--arch", action="append", choices=sorted(ARCHITECTURES), dest="architectures")
    parser.add_argument("--function", action="append", choices=sorted(BUNDLES), dest="functions")
    parser.add_argument("--python-version", default=LAMBDA_PYTHON)
    parser.add_argument("--out", type=Path, default=ARTIFACTS_DIR)
    parser.add_argument("--wheel-cache", type=Path, default=WHEEL_CACHE)
    parser.add_argument("--uv", default=shutil.which("uv") or "uv")
    parser.add_argument("--pip", default=f"{sys.executable} -m pip", help="the pip command to run")
    parser.add_argument("--strip", help="the strip tool (default: llvm-strip, else GNU strip for the target)")
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    options = parser.parse_args(argv)
    builder = Builder(
        uv=options.uv,
        pip=options.pip.split(),
        python_version=options.python_version,
        wheel_cache=options.wheel_cache,
        strip=options.strip,
    )
    reports = []
    for architecture in options.architectures or ["x86_64", "arm64"]:
        for function in options.functions or sorted(BUNDLES):
            report = builder.build(function, architecture, options.out, force=options.force)
            reports.append(report)
            zipped, unzipped = int(str(report["zip_bytes"])), int(str(report["unzipped_bytes"]))
            budget = BUNDLES[function].budget_mib
            verdict = "OVER the budget of" if unzipped > budget * MIB else "budget"
            print(
                f"{architecture:7} {function:10} {zipped / MIB:6.1f} MiB zipped"
                f" {unzipped / MIB:6.1f} MiB unzipped ({verdict} {budget} MiB)  cp{options.python_version}"
            )
    manifest = options.out / "manifest.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(reports, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
