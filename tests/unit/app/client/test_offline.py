"""`mediapipe process` runs the pipeline's media function on local files, with no AWS."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from app.cli import main
from tests import media_factory as images


def test_process_writes_every_variant_and_the_metadata(tmp_path: Path) -> None:
    source = tmp_path / "in" / "sideways.jpg"
    source.parent.mkdir()
    source.write_bytes(images.oriented_jpeg(6, 1000, 800))
    assert main(["process", str(source), "--out", str(tmp_path / "out")]) == 0
    produced = tmp_path / "out" / "sideways"
    names = sorted(p.name for p in produced.iterdir())
    assert names == sorted(
        [f"w{w}.{ext}" for w in (1000, 640, 320) for ext in ("webp", "jpg")] + ["metadata.json"]
    )
    with Image.open(produced / "w1000.jpg") as image:
        assert image.size == (1000, 800)
        assert images.is_upright(image)
    metadata = json.loads((produced / "metadata.json").read_text())
    assert metadata["orientation"] == 6
    assert metadata["detectedType"] == "image/jpeg"


def test_bad_files_are_reported_and_the_rest_still_processed(tmp_path: Path) -> None:
    good, bad, text = tmp_path / "good.png", tmp_path / "bad.jpg", tmp_path / "notes.txt"
    good.write_bytes(images.encode(images.picture(50, 40), "PNG"))
    bad.write_bytes(images.jpeg(100, 100)[:200])
    text.write_text("hello")
    assert (
        main(
            [
                "process",
                str(bad),
                str(text),
                str(good),
                "--out",
                str(tmp_path / "out"),
                "--preset",
                "thumbnail",
            ]
        )
        == 1
    )
    assert sorted(p.name for p in (tmp_path / "out" / "good").iterdir()) == [
        "metadata.json",
        "w40.jpg",
        "w40.webp",
    ]
    assert not (tmp_path / "out" / "bad").exists()


def test_unknown_preset(tmp_path: Path) -> None:
    assert main(["process", str(tmp_path), "--out", str(tmp_path), "--preset", "nope"]) == 2
