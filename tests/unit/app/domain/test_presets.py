from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.domain.presets import BUILTIN_PRESETS, Encoding, ImageFormat, Preset, find_preset


def test_widths_are_sorted_largest_first_and_distinct() -> None:
    preset = Preset(name="p", widths=(100, 400, 100, 200), formats=(Encoding(format=ImageFormat.WEBP),))
    assert preset.widths == (400, 200, 100)


def test_fingerprint_follows_everything_that_shapes_outputs_but_not_the_description() -> None:
    base = Preset(name="p", widths=(100,), formats=(Encoding(format=ImageFormat.WEBP, quality=80),))
    same = base.model_copy(update={"description": "now documented"})
    other_quality = Preset(name="p", widths=(100,), formats=(Encoding(format=ImageFormat.WEBP, quality=81),))
    assert len(base.fingerprint) == 8
    assert Preset.model_validate(same.model_dump()).fingerprint == base.fingerprint
    assert other_quality.fingerprint != base.fingerprint


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "Has Spaces", "widths": [100], "formats": [{"format": "webp"}]},
        {"name": "p", "widths": [], "formats": [{"format": "webp"}]},
        {"name": "p", "widths": [100000], "formats": [{"format": "webp"}]},
        {"name": "p", "widths": [100], "formats": [{"format": "bmp"}]},
        {"name": "p", "widths": [100], "formats": [{"format": "webp", "quality": 0}]},
        {"name": "p", "widths": [100], "formats": [{"format": "webp"}], "unknown": 1},
    ],
)
def test_invalid_presets_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Preset.model_validate(bad)


def test_builtins() -> None:
    default = find_preset(BUILTIN_PRESETS, "default")
    assert default is not None
    assert {f.format for f in default.formats} == {ImageFormat.WEBP, ImageFormat.JPEG}
    assert find_preset(BUILTIN_PRESETS, "nope") is None
    assert len({p.fingerprint for p in BUILTIN_PRESETS}) == len(BUILTIN_PRESETS)
