"""What the event functions' infrastructure restates of the app's keys (infra never imports app
code): the items' sort key prefix the stream filter passes, and the realtime table's owner index
the policies name."""

from __future__ import annotations

from app.adapters import realtime_schema, table_schema
from infra import event_policies
from infra.components import event_functions, realtime_table


def test_the_stream_filter_passes_the_items_records_and_no_other() -> None:
    # GIVEN an item's sort key and the others that live beside items WHEN the filter's prefix is
    # compared THEN only the item's matches (usage, budgets, audit entries never reach the notifier)
    assert table_schema.media_sk("01J0000000000000000000000").startswith(event_functions.MEDIA_SK_PREFIX)
    for other in (table_schema.usage_sk(), table_schema.budget_sk("work"), table_schema.audit_sk("01J")):
        assert not other.startswith(event_functions.MEDIA_SK_PREFIX), other


def test_the_policies_and_the_table_name_the_connection_stores_index_and_keys() -> None:
    assert event_policies.OWNER_INDEX == realtime_table.OWNER_INDEX == realtime_schema.OWNER_INDEX
    assert realtime_table.OWNER_INDEX_KEY == realtime_schema.OWNER_INDEX_KEY
    assert (realtime_table.PARTITION_KEY, realtime_table.SORT_KEY) == (
        realtime_schema.PARTITION_KEY,
        realtime_schema.SORT_KEY,
    )
    assert realtime_table.TTL_ATTRIBUTE == realtime_schema.TTL_ATTRIBUTE
