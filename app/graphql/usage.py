"""The `usage` query: what the caller stores and has spent, against their quota, and its cost."""

from __future__ import annotations

import strawberry

from app.domain import usage as domain
from app.graphql.scalars import BigInt
from app.graphql.types import MediaKind


@strawberry.type
class KindUsage:
    kind: MediaKind
    items: int
    original_bytes: BigInt  # type: ignore[valid-type]
    output_bytes: BigInt  # type: ignore[valid-type]
    compute_seconds: float


@strawberry.type(description="Per person: creating an upload beyond either limit fails with QUOTA_EXCEEDED.")
class Quota:
    max_items: int
    max_bytes: BigInt  # type: ignore[valid-type]


@strawberry.type(description="US dollars at the stack's configured list prices; an estimate, not a bill.")
class CostEstimate:
    storage_per_month: float
    processing_to_date: float
    currency: str = "USD"


@strawberry.type
class Usage:
    items: int
    stored_bytes: BigInt  # type: ignore[valid-type]
    original_bytes: BigInt  # type: ignore[valid-type]
    output_bytes: BigInt  # type: ignore[valid-type]
    by_kind: list[KindUsage]
    quota: Quota | None
    estimated_cost: CostEstimate

    @classmethod
    def build(cls, usage: domain.Usage, quota: domain.Quota | None, cost: domain.CostEstimate) -> Usage:
        total = usage.total()
        return cls(
            items=total.items,
            stored_bytes=total.stored_bytes,
            original_bytes=total.original_bytes,
            output_bytes=total.output_bytes,
            by_kind=[
                KindUsage(
                    kind=kind,
                    items=k.items,
                    original_bytes=k.original_bytes,
                    output_bytes=k.output_bytes,
                    compute_seconds=k.compute_ms / 1000,
                )
                for kind, k in sorted(usage.by_kind.items())
            ],
            quota=Quota(max_items=quota.max_items, max_bytes=quota.max_bytes) if quota else None,
            estimated_cost=CostEstimate(
                storage_per_month=cost.storage_per_month, processing_to_date=cost.processing_to_date
            ),
        )
