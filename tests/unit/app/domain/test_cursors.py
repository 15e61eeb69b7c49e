from __future__ import annotations

import pytest

from app.domain.cursors import decode_cursor, encode_cursor
from app.domain.errors import ErrorCode, InvalidRequest

ID = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ"


def test_round_trip_and_opaque() -> None:
    cursor = encode_cursor(ID)
    assert ID not in cursor
    assert decode_cursor(cursor) == ID


@pytest.mark.parametrize("cursor", ["", "!!!", encode_cursor("OWNER#other"), "eyJwayI6IngifQ", "a" * 1000])
def test_anything_else_is_a_bad_cursor(cursor: str) -> None:
    with pytest.raises(InvalidRequest) as raised:
        decode_cursor(cursor)
    assert raised.value.code is ErrorCode.BAD_CURSOR
