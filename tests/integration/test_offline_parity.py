"""`mediapipe process` gives every file the verdict the pipeline gives the same bytes uploaded:
the hostile corpus and well-formed files, through the pipeline (in-process, in-memory table and
storage) and through the command (its real entry point, on files), compared item by item.

A local file declares nothing, so the upload each is compared with declares what an honest client
would: the file's real type where that is one we accept, else the corpus's own declaration (an
honest client could not have uploaded it at all). How a lying declaration ends is the pipeline's
own tests' business (test_pipeline.py, test_validation.py).

Here beside test_hostile_files.py rather than in the unit tests: the corpus takes half a minute.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.domain import keys
from app.domain.jobs import Job
from app.domain.media_types import kind_of
from app.domain.models import MediaKind, MediaStatus
from app.settings import env_names, rules_from_env
from processors.pipeline import Pipeline, PipelineConfig
from processors.sniff import HEAD_BYTES, sniff
from tests import media_factory as make
from tests.factories import media_item
from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage
from tests.hostile_corpus import CASES

OWNER, MEDIA_ID = "owner-1", "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"
INPUTS: dict[str, tuple[Callable[[], bytes], str]] = {
    case.name: (case.build, case.declared) for case in CASES
} | {
    "well-formed jpeg": (lambda: make.jpeg(900, 600), "image/jpeg"),
    "well-formed png": (lambda: make.encode(make.picture(300, 200, "RGBA"), "PNG"), "image/png"),
    "well-formed gif": (lambda: make.animated("GIF"), "image/gif"),
}
# Verdicts both must reach, so the comparison covers each status.
MUST_INCLUDE = {"READY", "REJECTED"}


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in env_names():
        monkeypatch.delenv(name, raising=False)


def through_the_pipeline(data: bytes, declared: str) -> dict[str, Any]:
    clock, repository, storage = FakeClock(), InMemoryRepository(), InMemoryStorage()
    real = sniff(data[:HEAD_BYTES])
    rules = rules_from_env()  # the same rules the command reads
    honest = real if real in rules.accepted_types else declared
    repository.create(
        media_item(
            owner=OWNER,
            id=MEDIA_ID,
            content_type=honest,
            kind=kind_of(honest) or MediaKind.IMAGE,
            size=max(1, len(data)),
            created_at=clock(),
            updated_at=clock(),
        )
    )
    storage.originals[keys.original_key(OWNER, MEDIA_ID)] = data
    pipeline = Pipeline(repository, storage, PipelineConfig(rules, timedelta(seconds=120)), clock=clock)
    pipeline.run(Job(OWNER, MEDIA_ID))
    item = repository.get(OWNER, MEDIA_ID)
    assert item is not None and item.status is not MediaStatus.PROCESSING
    return {
        "status": item.status.value,
        "code": item.error.code.value if item.error else None,
        "message": item.error.message if item.error else None,
        "outputs": [variant.name for variant in item.variants],
    }


def test_the_command_and_the_pipeline_agree_on_every_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN every input as a file, and the pipeline's verdict on the same bytes uploaded
    files, expected = [], {}
    for index, (name, (build, declared)) in enumerate(INPUTS.items()):
        data = build()
        path = tmp_path / "in" / f"{index:02d}.bin"  # the name says nothing: only the bytes count
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(str(path))
        expected[str(path)] = (name, through_the_pipeline(data, declared))

    # WHEN the command processes them all at once, across the cores
    code = main(["process", *files, "--out", str(tmp_path / "out"), "--json"])
    rows = json.loads(capsys.readouterr().out)

    # THEN each file's status, code and renditions are the pipeline's, and so are the messages
    # (but TYPE_MISMATCH's, which names the declaration a local file does not have)
    assert [row["file"] for row in rows] == files
    assert code == 1  # the corpus refuses some
    for row in rows:
        name, pipeline = expected[row["file"]]
        offline = {key: row[key] for key in ("status", "code", "message", "outputs")}
        if pipeline["code"] == "TYPE_MISMATCH":
            offline["message"] = pipeline["message"]
        assert offline == pipeline, name
    assert {row["status"] for row in rows} >= MUST_INCLUDE
