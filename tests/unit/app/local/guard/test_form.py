"""A POST upload's form read as the emulator reads it; forms S3 and moto would read differently
are refused rather than guessed at."""

from __future__ import annotations

import httpx
import pytest

from app.local.guard.form import read_form
from app.local.guard.refusals import Reason, Refused


def encoded(parts: list[tuple[str, tuple[str | None, bytes]]]) -> tuple[str, bytes]:
    """(content type, body) as httpx writes a multipart form, parts in this order."""
    request = httpx.Request("POST", "http://127.0.0.1/b", files=parts)
    return request.headers["content-type"], request.read()


def field(name: str, value: str) -> tuple[str, tuple[str | None, bytes]]:
    return name, (None, value.encode())


def file(
    data: bytes, name: str = "file", filename: str = "photo.jpg"
) -> tuple[str, tuple[str | None, bytes]]:
    return name, (filename, data)


def refused(parts: list[tuple[str, tuple[str | None, bytes]]]) -> str:
    with pytest.raises(Refused) as refusal:
        read_form(*encoded(parts))
    assert refusal.value.reason is Reason.BAD_FORM
    return refusal.value.message


def test_the_fields_then_the_file() -> None:
    post = read_form(
        *encoded([field("key", "originals/o/1"), field("Content-Type", "image/jpeg"), file(b"x" * 300)])
    )
    assert post.fields == {"key": "originals/o/1", "content-type": "image/jpeg"}
    assert (post.file_size, post.filename) == (300, "photo.jpg")


def test_odd_forms_are_refused() -> None:
    assert "last part" in refused([file(b"x"), field("key", "originals/o/2")])
    assert "more than once" in refused([field("key", "a"), field("KEY", "b"), file(b"x")])
    assert "exactly one file" in refused([field("key", "a")])
    assert "may carry a file" in refused([file(b"x", name="other"), file(b"y")])
    with pytest.raises(Refused):
        read_form("application/x-www-form-urlencoded", b"key=a&file=b")
    with pytest.raises(Refused):
        read_form("multipart/form-data; boundary=zzz", b"not a form at all")


def test_a_file_larger_than_a_slice_is_counted_whole() -> None:
    data = bytes(range(256)) * (3 * 4096 + 7)  # 3 MiB and a bit, with boundary-like bytes inside
    post = read_form(*encoded([field("key", "originals/o/3"), file(data)]))
    assert post.file_size == len(data)
