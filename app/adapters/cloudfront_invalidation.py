"""Telling CloudFront to forget cached copies: the CdnInvalidator port, and its stand-in for a
stack with no distribution to invalidate."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.adapters.aws import cloudfront_client

if TYPE_CHECKING:
    from mypy_boto3_cloudfront import CloudFrontClient

# CreateInvalidation takes at most this many paths per call (and 3,000 in progress per distribution).
MAX_PATHS_PER_REQUEST = 3000


class CloudFrontInvalidator:
    def __init__(self, distribution_id: str, client: CloudFrontClient | None = None) -> None:
        self._distribution_id = distribution_id
        self._client = client

    @property
    def _cloudfront(self) -> CloudFrontClient:
        if self._client is None:
            self._client = cloudfront_client()
        return self._client

    def invalidate(self, paths: Sequence[str]) -> None:
        """One invalidation per call (a fresh CallerReference, so a retried delete is a new request,
        never refused as a duplicate). It is accepted at once and completes at the edges in minutes."""
        unique = sorted(set(paths))
        for start in range(0, len(unique), MAX_PATHS_PER_REQUEST):
            batch = unique[start : start + MAX_PATHS_PER_REQUEST]
            self._cloudfront.create_invalidation(
                DistributionId=self._distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(batch), "Items": batch},
                    "CallerReference": str(uuid.uuid4()),
                },
            )


class NoCdn:
    """No distribution configured: nothing is cached anywhere, so there is nothing to forget."""

    def invalidate(self, paths: Sequence[str]) -> None:
        return None
