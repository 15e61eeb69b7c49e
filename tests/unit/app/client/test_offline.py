"""`mediapipe process` runs the pipeline's media function on local files, with no AWS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from app.cli import main
from app.client.offline import output_folders
from app.settings import env_names
from tests import media_factory as images


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No stack configuration: the domain's defaults, unless a test sets some."""
    for name in env_names():
        monkeypatch.delenv(name, raising=False)


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


def test_files_with_the_same_stem_each_get_a_folder_in_the_order_given(tmp_path: Path) -> None:
    # GIVEN three files that would all be "x": two in different folders, one of another format
    first, second, third = tmp_path / "a" / "x.jpg", tmp_path / "b" / "x.jpg", tmp_path / "a" / "x.png"
    for path, width in ((first, 100), (second, 60), (third, 40)):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(images.encode(images.picture(width, 30), "PNG" if path.suffix == ".png" else "JPEG"))
    # WHEN processed together
    out = tmp_path / "out"
    assert main(["process", str(first), str(second), str(third), "--out", str(out)]) == 0
    # THEN none overwrote another: each file's outputs are its own, in x, x-2, x-3
    assert sorted(p.name for p in out.iterdir()) == ["x", "x-2", "x-3"]
    for folder, width in (("x", 100), ("x-2", 60), ("x-3", 40)):
        assert {p.name for p in (out / folder).iterdir()} == {
            f"w{width}.jpg",
            f"w{width}.webp",
            "metadata.json",
        }


def test_output_folders_never_collide_with_a_stem_that_looks_numbered() -> None:
    files = [Path("x.jpg"), Path("x-2.jpg"), Path("b/x.jpg"), Path("x.png")]
    assert output_folders(files) == ["x", "x-2", "x-3", "x-4"]


def test_json_reports_each_file_as_the_pipeline_would_leave_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, text = tmp_path / "good.gif", tmp_path / "notes.txt"
    good.write_bytes(images.encode(images.picture(50, 40), "GIF"))
    text.write_text("hello")
    assert main(["process", str(good), str(text), "--out", str(tmp_path / "out"), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(row["status"], row["code"]) for row in rows] == [("READY", None), ("REJECTED", "TYPE_MISMATCH")]
    assert rows[0]["type"] == "image/gif" and rows[0]["outputs"] == ["w50"] * 2


def test_the_configured_accepted_types_and_limits_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a configuration that accepts only PNG (not GIF), and images of at most 500 bytes
    monkeypatch.setenv("MEDIAPIPE_ALLOWED_TYPES", "image/png")
    monkeypatch.setenv("MEDIAPIPE_MAX_IMAGE_BYTES", "500")
    small_gif, big_png = tmp_path / "small.gif", tmp_path / "big.png"
    small_gif.write_bytes(images.encode(Image.new("P", (8, 8)), "GIF"))
    big_png.write_bytes(images.encode(images.picture(200, 200), "PNG"))
    assert big_png.stat().st_size > 500 > small_gif.stat().st_size
    # WHEN processed offline THEN refused as the processor would refuse them
    assert main(["process", str(small_gif), str(big_png), "--out", str(tmp_path / "out"), "--json"]) == 1
    codes = [row["code"] for row in json.loads(capsys.readouterr().out)]
    assert codes == ["UNSUPPORTED_TYPE", "TOO_LARGE"]


def test_a_malformed_configuration_is_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEDIAPIPE_MAX_PIXELS", "lots")
    (tmp_path / "a.jpg").write_bytes(images.jpeg(20, 20))
    assert main(["process", str(tmp_path / "a.jpg"), "--out", str(tmp_path / "out")]) == 2
    assert "max_pixels" in capsys.readouterr().out
