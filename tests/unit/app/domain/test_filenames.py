from __future__ import annotations

import pytest

from app.domain.filenames import MAX_LENGTH, sanitise_filename


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("holiday.jpg", "holiday.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\Pictures\\cat.png", "cat.png"),
        ("bad\x00name\r\n.jpg", "badname.jpg"),
        ("  spaced    out  .jpg ", "spaced out .jpg"),
        ("right\u202eto-left.jpg", "rightto-left.jpg"),
        ("", "untitled"),
        ("...", "untitled"),
        ("/", "untitled"),
        ("Cafe\u0301.jpg", "Café.jpg"),
    ],
)
def test_sanitises_to_display_text(raw: str, expected: str) -> None:
    assert sanitise_filename(raw) == expected


def test_long_names_keep_their_extension() -> None:
    name = sanitise_filename("x" * 500 + ".jpeg")
    assert len(name) == MAX_LENGTH
    assert name.endswith(".jpeg")
