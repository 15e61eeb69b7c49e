"""The import rules in pyproject.toml cover every module of app/ and processors/, new ones included.

The layers contract names packages and modules, and a module inside a listed package belongs to
it; import-linter checks only what a layer holds, so a module no layer holds would go unchecked
(its `exhaustive` option needs containers, which this contract cannot use: see pyproject.toml).
So one test finds every module its layer, and the others show, on a copy of the tree, that a
new module is caught: unplaced by the walk here, importing what it may not by lint-imports.
"""

from __future__ import annotations

import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

ROOT_PACKAGES = ("app", "processors")


def layers(pyproject: Path) -> list[list[str]]:
    """The layers contract's layers, highest first, each as its module names (optional or not)."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (contract,) = [contract for contract in config["contracts"] if contract["type"] == "layers"]
    return [[name.strip().strip("()") for name in re.split(r"[|:]", layer)] for layer in contract["layers"]]


def modules(root: Path, package: str) -> Iterator[str]:
    """Every module and package under root/package, found on disk: nothing is imported."""
    yield package
    for info in pkgutil.iter_modules([str(root / package.replace(".", "/"))]):
        name = f"{package}.{info.name}"
        if info.ispkg:
            yield from modules(root, name)
        else:
            yield name


def unplaced(root: Path) -> list[str]:
    """The modules under root that no layer holds. A package that only holds layers (`app`,
    `processors`) is their container, not a module of its own."""
    listed = [name for layer in layers(root / "pyproject.toml") for name in layer]
    return [
        module
        for package in ROOT_PACKAGES
        for module in modules(root, package)
        if not any(module == name or module.startswith(f"{name}.") for name in listed)
        and not any(name.startswith(f"{module}.") for name in listed)
    ]


def copy_of_the_tree(destination: Path) -> Path:
    for package in ROOT_PACKAGES:
        shutil.copytree(REPO / package, destination / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", destination / "pyproject.toml")
    return destination


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports puts its working directory first on sys.path: the copy, not this checkout
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_module_of_app_and_processors_is_in_a_layer() -> None:
    assert unplaced(REPO) == [], "place these modules in the layers contract in pyproject.toml"


def test_a_module_no_layer_holds_is_named(tmp_path: Path) -> None:
    # GIVEN a copy of the tree with a new top-level module in each package
    root = copy_of_the_tree(tmp_path)
    (root / "processors" / "newcomer.py").write_text('"""A new module."""\n')
    (root / "app" / "newcomer.py").write_text('"""A new module."""\n')

    # WHEN the layers are checked for it, THEN both are named, and nothing else
    assert unplaced(root) == ["app.newcomer", "processors.newcomer"]


def test_lint_imports_refuses_new_modules_that_import_what_they_may_not(tmp_path: Path) -> None:
    # GIVEN a copy of the tree that lint-imports passes
    root = copy_of_the_tree(tmp_path)
    assert lint_imports(root).returncode == 0

    # WHEN new modules, in listed packages and outside any, import across the rules
    newcomers = {
        "app/domain/newcomer.py": "from app.graphql import schema",  # a lower layer importing a higher
        "processors/imaging/newcomer.py": "from app.local import worker",  # the media work, the dev stack
        "processors/newcomer.py": "from app.adapters import aws",  # not a composition root
        "app/graphql/newcomer.py": "import boto3",  # boto3 outside the adapters
        "app/newcomer.py": "import PIL",  # Pillow outside the media work
    }
    for path, line in newcomers.items():
        (root / path).write_text(f"{line}\n")
    result = lint_imports(root)

    # THEN each is reported by name
    assert result.returncode != 0
    for path in newcomers:
        module = path.removesuffix(".py").replace("/", ".")
        assert module in result.stdout, f"{module} was not reported:\n{result.stdout}"
