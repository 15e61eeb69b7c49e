from __future__ import annotations

import os
from pathlib import Path

from app.client.parts import UploadLedger, fingerprint
from app.domain.multipart import MIB


def test_the_same_file_has_the_same_fingerprint_and_an_edited_one_another(tmp_path: Path) -> None:
    path = tmp_path / "clip.mov"
    path.write_bytes(b"a" * (3 * MIB))
    first = fingerprint(path)
    assert fingerprint(path) == first
    copy = tmp_path / "copy.mov"
    copy.write_bytes(path.read_bytes())
    assert fingerprint(copy) != first  # another name: another file, as far as resuming goes
    with path.open("r+b") as edit:
        edit.seek(3 * MIB - 1)
        edit.write(b"b")  # its last MiB changed
    os.utime(path, ns=(0, int(first.split(":")[2])))  # even with the old modification time
    assert fingerprint(path) != first


def test_the_ledger_remembers_uploads_per_api_and_forgets_finished_ones(tmp_path: Path) -> None:
    ledger = UploadLedger(tmp_path / "mediapipe" / "uploads.json")
    assert ledger.find("http://a/graphql", "k") is None
    ledger.remember("http://a/graphql", "k", "01ID")
    assert UploadLedger(ledger.path).find("http://a/graphql", "k") == "01ID"  # on disk, for the next run
    assert ledger.find("http://b/graphql", "k") is None
    ledger.forget("http://a/graphql", "k")
    assert ledger.find("http://a/graphql", "k") is None
    ledger.path.write_text("not json")
    assert ledger.find("http://a/graphql", "k") is None  # a damaged ledger resumes nothing, breaks nothing
