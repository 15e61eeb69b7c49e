"""The Pulumi tables are keyed and indexed exactly as the repository's CreateTable arguments say:
the media table as the media repository's, the realtime table as the connection store's."""

from __future__ import annotations

from typing import Any

from app.adapters.realtime_schema import TTL_ATTRIBUTE as REALTIME_TTL_ATTRIBUTE
from app.adapters.realtime_schema import create_realtime_table_arguments
from app.adapters.table_schema import TTL_ATTRIBUTE, create_table_arguments
from tests.infra.stack_harness import StackRun

TABLE = "aws:dynamodb/table:Table"


def _key_schema(hash_key: str, range_key: str) -> list[dict[str, str]]:
    return [{"AttributeName": hash_key, "KeyType": "HASH"}, {"AttributeName": range_key, "KeyType": "RANGE"}]


def as_create_table(inputs: dict[str, Any]) -> dict[str, Any]:
    """The recorded aws.dynamodb.Table inputs in CreateTable's shape."""
    stream = (
        {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": inputs["streamViewType"]}}
        if inputs.get("streamEnabled")
        else {}
    )
    return {
        "BillingMode": inputs["billingMode"],
        **stream,
        "AttributeDefinitions": sorted(
            ({"AttributeName": a["name"], "AttributeType": a["type"]} for a in inputs["attributes"]),
            key=lambda a: a["AttributeName"],
        ),
        "KeySchema": _key_schema(inputs["hashKey"], inputs["rangeKey"]),
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index["name"],
                "KeySchema": [
                    {"AttributeName": k["attributeName"], "KeyType": k["keyType"]}
                    for k in index["keySchemas"]
                ],
                "Projection": {"ProjectionType": index["projectionType"]},
            }
            for index in inputs["globalSecondaryIndexes"]
        ],
    }


def test_table_matches_the_repository_schema(run: StackRun) -> None:
    expected = create_table_arguments("ignored")
    del expected["TableName"]
    expected["AttributeDefinitions"] = sorted(
        expected["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    table = run.one(TABLE, "media")
    assert as_create_table(table.inputs) == expected


def test_ttl_attribute_matches(run: StackRun) -> None:
    table = run.one(TABLE, "media")
    assert table.inputs["ttl"] == {"attributeName": TTL_ATTRIBUTE, "enabled": True}


def test_realtime_table_matches_the_connection_stores_schema(run: StackRun) -> None:
    # GIVEN what the connection store creates locally WHEN the stack is built THEN the realtime
    # table has the same keys, the same owner index, and no stream (its churn feeds nothing)
    expected = create_realtime_table_arguments("ignored")
    del expected["TableName"]
    expected["AttributeDefinitions"] = sorted(
        expected["AttributeDefinitions"], key=lambda a: a["AttributeName"]
    )
    table = run.one(TABLE, "realtime")
    assert as_create_table(table.inputs) == expected
    assert table.inputs["ttl"] == {"attributeName": REALTIME_TTL_ATTRIBUTE, "enabled": True}
