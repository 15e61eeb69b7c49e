"""What each person stores and spends: items and bytes by kind, compute, the quota that bounds them,
and an estimate of what it costs.

The counts change only with the transitions that change what is stored, each in the same atomic
write as the transition itself (see the repository), so a duplicate or late event cannot count twice:
- an upload arrives (its first claim): one item and its original's bytes;
- an attempt ends: its compute (milliseconds, and milliseconds x megabytes, as Lambda bills);
  a READY ending adds its outputs' bytes, less those of the outputs they replace (a reprocess);
- the item is removed: everything it added, except compute, which was spent.
An upload that never arrives counts nothing (its item expires by itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from app.domain.errors import ErrorCode, MediaPipeError
from app.domain.models import MediaItem, MediaKind, Outcome, Processed

GB = 1_000_000_000  # storage is billed per GB (10^9 bytes)
SECONDS_PER_MONTH = 30 * 86_400


class QuotaExceeded(MediaPipeError):
    code = ErrorCode.QUOTA_EXCEEDED


@dataclass(frozen=True, slots=True)
class Quota:
    max_items: int
    max_bytes: int


@dataclass(frozen=True, slots=True)
class Compute:
    """One attempt's processing: wall milliseconds on a function of `memory_mb`."""

    ms: int
    memory_mb: int


@dataclass(frozen=True, slots=True)
class KindUsage:
    items: int = 0
    original_bytes: int = 0
    output_bytes: int = 0
    compute_ms: int = 0
    compute_mb_ms: int = 0

    @property
    def stored_bytes(self) -> int:
        return self.original_bytes + self.output_bytes

    def plus(self, other: KindUsage) -> KindUsage:
        return KindUsage(
            self.items + other.items,
            self.original_bytes + other.original_bytes,
            self.output_bytes + other.output_bytes,
            self.compute_ms + other.compute_ms,
            self.compute_mb_ms + other.compute_mb_ms,
        )


@dataclass(frozen=True, slots=True)
class Usage:
    by_kind: Mapping[MediaKind, KindUsage] = field(default_factory=lambda: MappingProxyType({}))

    def total(self) -> KindUsage:
        total = KindUsage()
        for usage in self.by_kind.values():
            total = total.plus(usage)
        return total


def arrival(item: MediaItem) -> KindUsage:
    """What an item adds when its upload arrives."""
    return KindUsage(items=1, original_bytes=item.size)


def attempt(compute: Compute, outputs: int = 0) -> KindUsage:
    """What one attempt adds: its compute, and the bytes of its outputs when it ends READY."""
    return KindUsage(
        output_bytes=outputs, compute_ms=compute.ms, compute_mb_ms=compute.ms * compute.memory_mb
    )


def replaced_outputs(before: MediaItem, outcome: Outcome) -> int:
    """The change in stored output bytes when `outcome` finishes `before`'s attempt: a READY one's
    outputs replace whatever the item listed (none on a first attempt, the old ones when it was
    reprocessed); any other outcome leaves the item's outputs as they were."""
    if not isinstance(outcome, Processed):
        return 0
    return sum(v.bytes for v in outcome.variants) - sum(v.bytes for v in before.variants)


def removal(item: MediaItem) -> KindUsage:
    """What removing an item takes back: all it stored, once it had arrived (compute stays spent)."""
    if item.attempt == 0:
        return KindUsage()
    outputs = sum(v.bytes for v in item.variants)
    return KindUsage(items=-1, original_bytes=-item.size, output_bytes=-outputs)


def refuse_over_quota(usage: Usage, quota: Quota, size: int) -> None:
    """QuotaExceeded, saying what is used and allowed, when one more item of `size` bytes would not fit."""
    total = usage.total()
    if total.items + 1 > quota.max_items:
        raise QuotaExceeded(
            f"You have {total.items:,} items; the limit is {quota.max_items:,}. Delete some to upload more."
        )
    if total.stored_bytes + size > quota.max_bytes:
        raise QuotaExceeded(
            f"You store {format_size(total.stored_bytes)} of {format_size(quota.max_bytes)}; this file needs "
            f"{format_size(size)} more. Delete some media to make room."
        )


@dataclass(frozen=True, slots=True)
class Prices:
    """Documented list prices for the stack's region (stack config), in US dollars."""

    storage_gb_month: float = 0.023  # S3 Standard, first 50 TB, us-east-1
    compute_gb_second: float = 0.0000166667  # Lambda x86_64, us-east-1


@dataclass(frozen=True, slots=True)
class CostEstimate:
    storage_per_month: float
    processing_to_date: float


def estimate(usage: Usage, prices: Prices) -> CostEstimate:
    """Storage at today's bytes for a month, and the processing spent so far, in USD."""
    total = usage.total()
    storage = total.stored_bytes / GB * prices.storage_gb_month
    processing = total.compute_mb_ms / 1024 / 1000 * prices.compute_gb_second
    return CostEstimate(storage_per_month=storage, processing_to_date=processing)


def with_kind(usage: Usage, kind: MediaKind, change: KindUsage) -> Usage:
    """`usage` with `change` added to one kind (for the in-memory repository and tests)."""
    if change == KindUsage():
        return usage
    merged = dict(usage.by_kind)
    merged[kind] = merged.get(kind, KindUsage()).plus(change)
    return replace(usage, by_kind=MappingProxyType(merged))


def format_size(value: int) -> str:
    """Bytes in decimal units, as storage is billed (1 GB = 10^9 bytes)."""
    for unit, scale in (("GB", GB), ("MB", 1_000_000), ("kB", 1_000)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value:,} bytes"
