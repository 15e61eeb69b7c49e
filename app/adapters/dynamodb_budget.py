"""A rate-limit bucket per owner in the media table, shared by every API Lambda instance.

The bucket is one number, when it will be full again (app/domain/rates.py), so spending is one
conditional UpdateItem: no read first, no lock, no lost update between instances. `max(full_at, now)`
is the one thing an update expression cannot compute, so the two cases are two writes, tried in
turn: a full bucket (or none yet) starts from now; one being refilled adds to its own `full_at`.
Both conditions come from `Rate.latest_full_at`, the rule the in-process buckets use too.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.adapters.aws import dynamodb_client
from app.adapters.table_schema import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE, budget_sk, owner_pk
from app.domain.rates import Rate

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

FULL_AT = "fullAtMs"


def _number(value: int) -> dict[str, str]:
    return {"N": str(value)}


class DynamoBudget:
    """`name` tells this budget's bucket from any other of the same owner."""

    def __init__(
        self,
        table_name: str,
        name: str,
        rate: Rate,
        client: DynamoDBClient | None = None,
        clock: Callable[[], float] = time.time,  # the wall clock: every instance must agree on it
    ) -> None:
        self._table = table_name
        self._name = name
        self.rate = rate
        self._client = client
        self._clock = clock

    @property
    def _db(self) -> DynamoDBClient:
        if self._client is None:
            self._client = dynamodb_client()
        return self._client

    def spend(self, key: str, cost: int = 1) -> float | None:
        now = math.floor(self._clock() * 1000)
        latest = self.rate.latest_full_at(now, cost)
        if latest < now:  # more than a full bucket holds: no write could grant it
            return self.rate.wait_s(None, now, cost)
        values = {
            ":now": _number(now),
            ":cost": _number(cost * self.rate.interval_ms),
            ":latest": _number(latest),
            # DynamoDB's TTL may drop the record once the bucket is full again (by then it means
            # nothing): after any spend now it is full by `latest_full_at(now, 0)`.
            ":ttl": _number(self.rate.latest_full_at(now, 0) // 1000 + 60),
        }
        conflict = self._db.exceptions.ConditionalCheckFailedException
        try:
            self._update(
                key, "SET #full = :now + :cost", "attribute_not_exists(#full) OR #full <= :now", values
            )
            return None
        except conflict:
            pass  # being refilled: spend from what it holds
        try:
            self._update(key, "SET #full = #full + :cost", "#full > :now AND #full <= :latest", values)
            return None
        except conflict as refused:  # holds too few
            found = refused.response.get("Item", {}).get(FULL_AT, {}).get("N")  # type: ignore[attr-defined]
            return self.rate.wait_s(None if found is None else int(found), now, cost)

    def _update(self, key: str, update: str, condition: str, values: dict[str, Any]) -> None:
        named = set(re.findall(r":\w+", f"{update} {condition} :ttl"))
        used = {name: value for name, value in values.items() if name in named}
        self._db.update_item(
            TableName=self._table,
            Key={PARTITION_KEY: {"S": owner_pk(key)}, SORT_KEY: {"S": budget_sk(self._name)}},
            UpdateExpression=f"{update}, #ttl = :ttl",
            ConditionExpression=condition,
            ExpressionAttributeNames={"#full": FULL_AT, "#ttl": TTL_ATTRIBUTE},
            ExpressionAttributeValues=used,  # DynamoDB refuses values an expression does not use
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
