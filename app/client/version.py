"""The version `mediapipe --version` prints: the installed package's, else the checkout's."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path

PACKAGE = "media-pipeline"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def version() -> str:
    try:
        return installed_version(PACKAGE)
    except PackageNotFoundError:  # run from a checkout that was never installed (python -m app.cli)
        with PYPROJECT.open("rb") as source:
            return str(tomllib.load(source)["project"]["version"])
