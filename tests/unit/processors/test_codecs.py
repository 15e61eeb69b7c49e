"""RFC 6381 codec names from an H.264 encoder's header, in both of its layouts."""

from __future__ import annotations

import pytest

from processors.codecs import avc1

# A High profile (100 = 0x64), level 3.1 (0x1f) sequence parameter set's first bytes.
SPS = bytes([0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9])
PPS = bytes([0x68, 0xEB, 0xE3, 0xCB])


def test_annex_b_start_codes_are_read() -> None:
    assert avc1(b"\x00\x00\x00\x01" + SPS + b"\x00\x00\x01" + PPS) == "avc1.64001f"
    assert avc1(b"\x00\x00\x01" + PPS + b"\x00\x00\x00\x01" + SPS) == "avc1.64001f"


def test_an_avcc_record_is_read() -> None:
    assert avc1(bytes([1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1]) + b"...") == "avc1.42c01e"


def test_a_header_without_a_parameter_set_is_refused() -> None:
    with pytest.raises(ValueError, match="no sequence parameter set"):
        avc1(b"\x00\x00\x01" + PPS)
