from __future__ import annotations

import base64

import pytest

from app.domain.cursors import decode_cursor, decode_positioned, encode_cursor
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


@pytest.mark.parametrize("position", ["été.jpg", 0, 5_000_000_000])
def test_a_cursor_of_a_list_sorted_by_a_value_carries_the_value(position: str | int) -> None:
    cursor = encode_cursor(ID, position)
    assert decode_positioned(cursor) == (ID, position)
    assert decode_positioned(encode_cursor(ID)) == (ID, None)


@pytest.mark.parametrize(
    "payload",
    [
        '["x", 1]',
        f'["{ID}", true]',
        f'["{ID}", null]',
        f'["{ID}", 1, 2]',
        f'["{ID}", [1]]',
        "[",
        f'{{"id": "{ID}"}}',
    ],
)
def test_a_malformed_positioned_cursor_is_a_bad_cursor(payload: str) -> None:
    cursor = base64.urlsafe_b64encode(payload.encode()).decode()
    with pytest.raises(InvalidRequest) as raised:
        decode_positioned(cursor)
    assert raised.value.code is ErrorCode.BAD_CURSOR


def test_an_id_only_list_refuses_a_positioned_cursor() -> None:
    with pytest.raises(InvalidRequest):
        decode_cursor(encode_cursor(ID, "name"))
