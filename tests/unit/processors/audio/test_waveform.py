from __future__ import annotations

from processors.audio.waveform import columns


def test_columns_take_the_peak_of_each_slice_normalised() -> None:
    assert columns([1, 2, 3, 4, 8, 2], 3) == [0.25, 0.5, 1.0]


def test_fewer_levels_than_columns_and_silence() -> None:
    assert columns([4, 8], 4) == [0.5, 0.5, 1.0, 1.0]
    assert columns([], 2) == [0.0, 0.0]
    assert columns([0, 0], 2) == [0.0, 0.0]
