"""A status guard (app/domain/status.py) as a DynamoDB ConditionExpression. The rule is written
there once; this is its only translation, so changing a guard changes the table's writes too."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.adapters import media_codec as codec
from app.adapters.table_schema import TTL_ATTRIBUTE

if TYPE_CHECKING:
    from datetime import datetime

    from app.domain.status import Guard, When


@dataclass(frozen=True, slots=True)
class Condition:
    """An expression with the names and values it uses. Its placeholders start with `when`, so they
    never collide with an UpdateExpression's (the names it shares, such as `#status`, mean the same)."""

    expression: str
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


def condition(guard: Guard, *, now: datetime | None = None, attempt: int | None = None) -> Condition:
    """The guard's whens, OR-ed: the item is in one of them."""
    names: dict[str, str] = {"#status": "status"}
    values: dict[str, Any] = {}
    clauses = [_clause(n, when, now, attempt, names, values) for n, when in enumerate(guard.whens)]
    # DynamoDB refuses redundant parentheses: a clause is wrapped only when it is OR-ed with others.
    if len(clauses) > 1:
        clauses = [f"({clause})" if " AND " in clause else clause for clause in clauses]
    return Condition(" OR ".join(clauses), names, values)


def _clause(
    n: int,
    when: When,
    now: datetime | None,
    attempt: int | None,
    names: dict[str, str],
    values: dict[str, Any],
) -> str:
    values[f":whenStatus{n}"] = codec.serialize(when.status.value)
    parts = [f"#status = :whenStatus{n}"]
    if when.stalled:
        # The lease is stored in epoch seconds (as DynamoDB TTLs are), so it is compared in seconds;
        # a missing lease compares false, as `is_stalled` has it.
        if now is None:
            raise ValueError("this guard depends on the time: pass it")
        values[":whenNow"] = codec.serialize(codec.epoch(now))
        parts.append("leaseExpiresAt <= :whenNow")
    if when.same_attempt:
        if attempt is None:
            raise ValueError("this guard holds only for the caller's attempt: name it")
        values[":whenAttempt"] = codec.serialize(attempt)
        parts.append("attempt = :whenAttempt")
    if when.upload_pending:
        names["#ttl"] = TTL_ATTRIBUTE
        parts.append("attribute_exists(#ttl)")
    if when.error_code is not None:
        names["#error"], names["#code"] = "error", "code"
        values[f":whenCode{n}"] = codec.serialize(when.error_code.value)
        parts.append(f"#error.#code = :whenCode{n}")
    return " AND ".join(parts)
