"""Optional CloudTrail data events on the media buckets (stack config `audit.cloudTrailDataEvents`,
off by default): every object-level call on the uploads and processed buckets (GetObject, PutObject,
DeleteObject, ...) with the caller's identity, in a log bucket of its own.

Off by default because data events are billed per event ($0.10 per 100,000, plus the log bucket's
storage; docs/security.md), and every upload, variant write and CDN fetch is one. The app's own audit
log (deletes, retries, redrives) costs nothing extra and is always on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies
from infra.components.storage import MULTIPART_ABORT_DAYS, private_bucket
from infra.naming import Naming


@dataclass(frozen=True)
class AuditTrailArgs:
    naming: Naming
    force_destroy: bool
    bucket_arns: tuple[pulumi.Input[str], ...]  # the buckets whose objects are watched
    account_id: pulumi.Input[str]
    log_expire_days: int  # the log files go after this long (the audit log's retention)


class AuditTrail(pulumi.ComponentResource):
    """A single-region trail of the buckets' data events only (no management events), its log files
    validated (digest files) and kept in a private, encrypted bucket that expires them."""

    def __init__(self, name: str, args: AuditTrailArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:audit:AuditTrail", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.logs = private_bucket(f"{name}-logs", force_destroy=args.force_destroy, parent=self)
        policy = aws.s3.BucketPolicy(
            f"{name}-logs",
            bucket=self.logs.id,
            policy=policies.document(
                pulumi.Output.all(self.logs.arn, args.account_id).apply(
                    lambda values: policies.cloudtrail_bucket_policy(values[0], values[1])
                )
            ),
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-logs",
            bucket=self.logs.id,
            rules=[
                {
                    "id": "expire-trail-logs",
                    "status": "Enabled",
                    "filter": {"prefix": ""},
                    "expiration": {"days": args.log_expire_days},
                    "abort_incomplete_multipart_upload": {"days_after_initiation": MULTIPART_ABORT_DAYS},
                }
            ],
            opts=child,
        )
        self.trail = aws.cloudtrail.Trail(
            name,
            name=args.naming.name(name),
            s3_bucket_name=self.logs.id,
            include_global_service_events=False,
            is_multi_region_trail=False,
            enable_log_file_validation=True,
            advanced_event_selectors=[
                {
                    "name": "Object calls on the media buckets",
                    "field_selectors": [
                        {"field": "eventCategory", "equals": ["Data"]},
                        {"field": "resources.type", "equals": ["AWS::S3::Object"]},
                        {
                            "field": "resources.ARN",
                            "starts_withs": [pulumi.Output.concat(arn, "/") for arn in args.bucket_arns],
                        },
                    ],
                }
            ],
            # CloudTrail checks at creation that it may write to the bucket.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[policy]),
        )
        self.register_outputs({"trail_arn": self.trail.arn, "log_bucket": self.logs.bucket})
