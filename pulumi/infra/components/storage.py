"""The buckets: uploads (originals from browsers), processed (outputs for the CDN), frontend (the UI)
and code (the Lambda zips, content-addressed).

Every bucket is private (all four public access blocks), owner-enforced (no ACLs), encrypted by
default with SSE-S3 (CloudFront's Origin Access Control can read it without a KMS grant) and cleans up
abandoned multipart uploads. The uploads and code buckets refuse plain HTTP here; the two buckets CloudFront
reads get their policy (TLS-only plus the distribution's read grant) from the CDN component, since a
bucket has one policy and the distribution does not exist yet.

Every original arrives tagged unclaimed (the presigned POST's policy requires the tag) and the
processor takes the tag off when it claims the item; originals still tagged after
UNCLAIMED_EXPIRE_DAYS belong to no item (POSTed after their item was deleted, and their event never
processed) and expire. The values are the app's (app/adapters/s3_storage.py; tests/contract).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies
from infra.naming import Naming

MULTIPART_ABORT_DAYS = 1
UNCLAIMED_TAG = ("mediapipe-state", "unclaimed")
# Longer than the DLQ keeps a message (14 days), so a redriven job still finds its original.
UNCLAIMED_EXPIRE_DAYS = 15


@dataclass(frozen=True)
class MediaBucketsArgs:
    naming: Naming
    force_destroy: bool
    originals_expire_days: int | None = None
    originals_transition_days: int | None = None
    originals_storage_class: str = "STANDARD_IA"


class MediaBuckets(pulumi.ComponentResource):
    """Private, encrypted buckets for originals, outputs and the UI."""

    def __init__(self, name: str, args: MediaBucketsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:storage:MediaBuckets", name, None, opts)
        self._args = args
        self.uploads = self._bucket(f"{name}-uploads")
        self.processed = self._bucket(f"{name}-processed")
        self.frontend = self._bucket(f"{name}-frontend")
        self.code = self._bucket(f"{name}-code")
        for label, bucket in (("uploads", self.uploads), ("code", self.code)):
            aws.s3.BucketPolicy(
                f"{name}-{label}",
                bucket=bucket.id,
                policy=policies.document(bucket.arn.apply(policies.bucket_policy)),
                opts=pulumi.ResourceOptions(parent=self),
            )
        self._lifecycle(
            f"{name}-uploads", self.uploads, [*self._originals_rules(), unclaimed_originals_rule()]
        )
        for label, bucket in (
            ("processed", self.processed),
            ("frontend", self.frontend),
            ("code", self.code),
        ):
            self._lifecycle(f"{name}-{label}", bucket, [])
        self.register_outputs(
            {
                "uploads_bucket": self.uploads.bucket,
                "processed_bucket": self.processed.bucket,
                "frontend_bucket": self.frontend.bucket,
                "code_bucket": self.code.bucket,
            }
        )

    def _bucket(self, name: str) -> aws.s3.Bucket:
        return private_bucket(name, force_destroy=self._args.force_destroy, parent=self)

    def _originals_rules(self) -> list[aws.s3.BucketLifecycleConfigurationRuleArgsDict]:
        args = self._args
        originals: aws.s3.BucketLifecycleConfigurationRuleFilterArgsDict = {
            "prefix": policies.ORIGINALS_PREFIX
        }
        if args.originals_expire_days is not None:
            return [
                {
                    "id": "expire-originals",
                    "status": "Enabled",
                    "filter": originals,
                    "expiration": {"days": args.originals_expire_days},
                }
            ]
        if args.originals_transition_days is not None:
            return [
                {
                    "id": "transition-originals",
                    "status": "Enabled",
                    "filter": originals,
                    "transitions": [
                        {
                            "days": args.originals_transition_days,
                            "storage_class": args.originals_storage_class,
                        }
                    ],
                }
            ]
        return []

    def _lifecycle(
        self, name: str, bucket: aws.s3.Bucket, rules: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict]
    ) -> None:
        abort: aws.s3.BucketLifecycleConfigurationRuleArgsDict = {
            "id": "abort-incomplete-multipart-uploads",
            "status": "Enabled",
            "filter": {"prefix": ""},
            "abort_incomplete_multipart_upload": {"days_after_initiation": MULTIPART_ABORT_DAYS},
        }
        aws.s3.BucketLifecycleConfiguration(
            name, bucket=bucket.id, rules=[abort, *rules], opts=pulumi.ResourceOptions(parent=self)
        )


def private_bucket(name: str, *, force_destroy: bool, parent: pulumi.Resource) -> aws.s3.Bucket:
    """A bucket as every bucket of this stack is: private, owner-enforced, encrypted (SSE-S3)."""
    child = pulumi.ResourceOptions(parent=parent)
    bucket = aws.s3.Bucket(name, force_destroy=force_destroy, opts=child)
    # Later settings wait for the public access block, so nothing is ever briefly public.
    block = aws.s3.BucketPublicAccessBlock(
        name,
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=child,
    )
    aws.s3.BucketOwnershipControls(
        name,
        bucket=bucket.id,
        rule={"object_ownership": "BucketOwnerEnforced"},
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[block]),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        bucket=bucket.id,
        rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
        opts=child,
    )
    return bucket


def unclaimed_originals_rule() -> aws.s3.BucketLifecycleConfigurationRuleArgsDict:
    key, value = UNCLAIMED_TAG
    return {
        "id": "expire-unclaimed-originals",
        "status": "Enabled",
        "filter": {"and": {"prefix": policies.ORIGINALS_PREFIX, "tags": {key: value}}},
        "expiration": {"days": UNCLAIMED_EXPIRE_DAYS},
    }
