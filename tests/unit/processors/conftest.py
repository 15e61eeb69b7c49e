"""Media work writes what plays to temporary files (processors/rendering.py); here they land in
each test's own folder, so a test that does not discard its rendering leaves nothing behind."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _temporary_files_in_the_tests_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
