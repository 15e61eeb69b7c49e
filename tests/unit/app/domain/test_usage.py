"""Usage, quota and cost: pure rules."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.models import MediaKind, Variant
from app.domain.usage import (
    GB,
    Compute,
    KindUsage,
    Prices,
    Quota,
    QuotaExceeded,
    Usage,
    arrival,
    attempt,
    estimate,
    refuse_over_quota,
    removal,
    with_kind,
)
from tests.factories import media_item


def test_what_each_transition_adds() -> None:
    item = media_item(size=1234)
    assert arrival(item) == KindUsage(items=1, original_bytes=1234)
    assert attempt(Compute(ms=100, memory_mb=1024), outputs=50) == KindUsage(
        output_bytes=50, compute_ms=100, compute_mb_ms=102_400
    )
    # removal takes back what an arrived item stored, and nothing for one that never arrived
    assert removal(item) == KindUsage()
    variant = Variant("w", "webp", 1, 1, 40, "media/o/i/w.webp", "image/webp")
    arrived = replace(item, attempt=2, variants=(variant,))
    assert removal(arrived) == KindUsage(items=-1, original_bytes=-1234, output_bytes=-40)


def test_the_quota_says_what_is_used_and_allowed() -> None:
    usage = with_kind(Usage(), MediaKind.IMAGE, KindUsage(items=2, original_bytes=600 * 1_000_000))
    refuse_over_quota(usage, Quota(max_items=3, max_bytes=GB), size=100)  # fits
    with pytest.raises(QuotaExceeded, match=r"You have 2 items; the limit is 2\."):
        refuse_over_quota(usage, Quota(max_items=2, max_bytes=GB), size=1)
    with pytest.raises(
        QuotaExceeded, match=r"You store 600\.0 MB of 1\.0 GB; this file needs 500\.0 MB more"
    ):
        refuse_over_quota(usage, Quota(max_items=10, max_bytes=GB), size=500 * 1_000_000)


def test_usage_adds_up_across_kinds() -> None:
    usage = with_kind(Usage(), MediaKind.IMAGE, KindUsage(items=1, original_bytes=10, output_bytes=5))
    usage = with_kind(usage, MediaKind.VIDEO, KindUsage(items=2, original_bytes=100))
    assert usage.total() == KindUsage(items=3, original_bytes=110, output_bytes=5)
    assert usage.total().stored_bytes == 115


def test_the_estimate_prices_a_month_of_storage_and_the_compute_spent() -> None:
    usage = with_kind(
        Usage(), MediaKind.VIDEO, KindUsage(items=1, original_bytes=2 * GB, compute_mb_ms=1024 * 1000 * 60)
    )
    cost = estimate(usage, Prices(storage_gb_month=0.023, compute_gb_second=0.0000166667))
    assert cost.storage_per_month == pytest.approx(0.046)
    assert cost.processing_to_date == pytest.approx(60 * 0.0000166667)  # 60 GB-seconds
