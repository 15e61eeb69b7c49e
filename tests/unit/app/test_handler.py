"""The API Lambda's composition root: what it makes itself, ids above all."""

from __future__ import annotations

import time
from itertools import pairwise

import pytest
from ulid import ULID

from app.domain import keys
from app.handler import current_trace_id, new_media_id

SAME_MILLISECOND_NS = 1_767_225_600_123_456_789


def test_ids_of_one_millisecond_differ_in_all_80_random_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a clock that stays in one millisecond
    monkeypatch.setattr(time, "time_ns", lambda: SAME_MILLISECOND_NS)
    # WHEN ids are made in it
    ids = [ULID.from_str(new_media_id()) for _ in range(64)]
    # THEN each is a ULID of that millisecond, and their random parts are independent: not one after
    # another (a monotonic generator adds 1), and spread over the whole 80 bits
    assert {u.milliseconds for u in ids} == {SAME_MILLISECOND_NS // 1_000_000}
    randoms = [int.from_bytes(u.bytes[6:], "big") for u in ids]
    assert len(set(randoms)) == len(randoms)
    assert all(abs(b - a) != 1 for a, b in pairwise(randoms))
    assert sorted(randoms) != randoms  # 64 fresh draws in order: a chance of 1 in 64!
    assert max(randoms) - min(randoms) > 2**70  # a counter from one draw stays within 64 of it


def test_ids_are_media_ids_in_time_order() -> None:
    first = new_media_id()
    time.sleep(0.002)
    second = new_media_id()
    assert keys.is_media_id(first)
    assert keys.is_media_id(second)
    assert first < second  # the millisecond comes first, so later ids sort later


@pytest.mark.parametrize(
    ("header", "root"),
    [
        ("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
         "1-5759e988-bd862e3fe1be46a994272793"),
        ("Parent=53995c3f42cd8ad8; Root=1-aa-bb ;Sampled=0", "1-aa-bb"),
        ("Parent=53995c3f42cd8ad8", None),
        ("", None),
    ],
)  # fmt: skip
def test_the_trace_id_is_the_root_of_lambdas_trace_header(
    monkeypatch: pytest.MonkeyPatch, header: str, root: str | None
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", header)
    assert current_trace_id() == root
