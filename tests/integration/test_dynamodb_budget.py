"""The work budget in the media table, against the emulator: the same decisions as the rule in
app/domain/rates.py, and one bucket however many API instances spend from it."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle

from app.adapters.dynamodb_budget import FULL_AT, DynamoBudget
from app.adapters.table_schema import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE, budget_sk, owner_pk
from app.domain.rates import Rate
from tests.integration.conftest import Emulator

T0 = 1_767_225_600.0  # seconds since the epoch, as time.time() gives them


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def owner() -> str:
    return f"budget-{uuid.uuid4().hex[:12]}"


def test_it_decides_as_the_rule_does_whichever_instance_spends(emulator: Emulator) -> None:
    # GIVEN two API instances with their own clients and one clock, and the rule kept in memory
    rate, clock, key = Rate(per_minute=30, burst=4), Clock(), owner()
    table, db = emulator.resources.table_name, emulator.aws("dynamodb")
    instances = cycle(
        [DynamoBudget(table, "work", rate, db, clock), DynamoBudget(table, "work", rate, db, clock)]
    )
    full_at: int | None = None
    # WHEN they take turns spending, in bursts and pauses (seconds between calls)
    steps = [0, 0, 0, 0, 0, 0.5, 2, 0, 0, 2.1, 10, 0, 0, 0, 0, 0, 60, 0, 0.2]
    for step in steps:
        clock.now += step
        now_ms = int(clock.now * 1000)
        expected = rate.spend(full_at, now_ms)
        wait = next(instances).spend(key)
        # THEN each call is granted or refused exactly as the rule says, with the rule's wait
        assert (wait is None) == (expected is not None), (step, full_at)
        if expected is None:
            assert wait == rate.wait_s(full_at, now_ms)
        else:
            full_at = expected


def test_concurrent_spenders_never_take_more_than_the_bucket_holds(emulator: Emulator) -> None:
    rate, key = Rate(per_minute=1, burst=5), owner()
    budget = DynamoBudget(emulator.resources.table_name, "work", rate, emulator.aws("dynamodb"))
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda _: budget.spend(key), range(16)))
    assert sum(wait is None for wait in waits) == 5
    assert all(wait is not None and wait > 0 for wait in waits if wait is not None)


def test_the_bucket_is_one_record_beside_the_owners_items_that_expires_once_full(emulator: Emulator) -> None:
    rate, clock, key = Rate(per_minute=60, burst=10), Clock(), owner()
    table, db = emulator.resources.table_name, emulator.aws("dynamodb")
    assert DynamoBudget(table, "work", rate, db, clock).spend(key, cost=3) is None
    record = db.get_item(
        TableName=table, Key={PARTITION_KEY: {"S": owner_pk(key)}, SORT_KEY: {"S": budget_sk("work")}}
    )["Item"]
    assert int(record[FULL_AT]["N"]) == int(T0 * 1000) + 3000
    # full again 3 s from now at the latest, 10 s at the most any spend now could take it
    assert int(record[TTL_ATTRIBUTE]["N"]) >= T0 + 10
    assert DynamoBudget(table, "other", rate, db, clock).spend(key, cost=10) is None  # its own bucket
