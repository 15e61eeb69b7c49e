"""The API request's trace id rides on the item, so that the processor's trace can name it."""

from __future__ import annotations

from app.adapters.media_codec import from_record, to_record
from tests.factories import media_item

TRACE = "1-67891233-abcdef012345678912345678"


def test_the_trace_id_survives_a_round_trip() -> None:
    stored = media_item(trace_id=TRACE)
    assert to_record(stored)["traceId"] == {"S": TRACE}
    assert from_record(to_record(stored)).trace_id == TRACE


def test_an_item_created_outside_a_trace_stores_none() -> None:
    record = to_record(media_item())
    assert "traceId" not in record
    assert from_record(record).trace_id is None
