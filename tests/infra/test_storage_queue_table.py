"""Buckets, queues and the table, per stack, over the whole recorded resource set."""

from __future__ import annotations

import json
from typing import Any

from tests.infra.stack_harness import StackRun

BUCKET = "aws:s3/bucket:Bucket"


def _for_bucket(run: StackRun, type_: str) -> dict[str, dict[str, Any]]:
    """Settings resources keyed by the bucket they configure (through their `bucket` dependency)."""
    found = {}
    for setting in run.of_type(type_):
        (bucket_urn,) = setting.property_dependencies["bucket"]
        found[run.by_urn(bucket_urn).name] = setting.inputs
    return found


def test_every_bucket_is_private_owner_enforced_and_encrypted(run: StackRun) -> None:
    buckets = {b.name for b in run.of_type(BUCKET)}
    assert buckets == {"media-uploads", "media-processed", "media-frontend", "media-code"}
    blocks = _for_bucket(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    ownership = _for_bucket(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    encryption = _for_bucket(
        run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    )
    for bucket in buckets:
        assert all(
            blocks[bucket][k]
            for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        )
        assert ownership[bucket]["rule"] == {"objectOwnership": "BucketOwnerEnforced"}
        assert (
            encryption[bucket]["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "AES256"
        )


def test_every_bucket_policy_denies_plain_http(run: StackRun) -> None:
    policies = _for_bucket(run, "aws:s3/bucketPolicy:BucketPolicy")
    assert set(policies) == {b.name for b in run.of_type(BUCKET)}
    for bucket, inputs in policies.items():
        deny = [s for s in json.loads(inputs["policy"])["Statement"] if s["Effect"] == "Deny"]
        assert deny, bucket
        assert deny[0]["Condition"] == {"Bool": {"aws:SecureTransport": ["false"]}}, bucket


def test_cdn_buckets_are_readable_only_by_the_distribution(run: StackRun) -> None:
    policies = _for_bucket(run, "aws:s3/bucketPolicy:BucketPolicy")
    distribution = run.one("aws:cloudfront/distribution:Distribution").state["arn"]
    for bucket, prefix in (("media-processed", "media/*"), ("media-frontend", "*")):
        allow = [s for s in json.loads(policies[bucket]["policy"])["Statement"] if s["Effect"] == "Allow"]
        assert len(allow) == 1
        assert allow[0]["Principal"] == {"Service": ["cloudfront.amazonaws.com"]}
        assert allow[0]["Action"] == ["s3:GetObject"]
        assert allow[0]["Resource"][0].endswith(f"/{prefix}")
        assert allow[0]["Condition"] == {"StringEquals": {"AWS:SourceArn": [distribution]}}
    for bucket in ("media-uploads", "media-code"):
        assert not [s for s in json.loads(policies[bucket]["policy"])["Statement"] if s["Effect"] == "Allow"]


def test_lifecycle_aborts_multipart_and_handles_originals(dev: StackRun, prod: StackRun) -> None:
    for run in (dev, prod):
        rules = _for_bucket(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        assert len(rules) == 4
        for bucket_rules in rules.values():
            abort = bucket_rules["rules"][0]
            assert abort["abortIncompleteMultipartUpload"] == {"daysAfterInitiation": 1}
    dev_originals = _for_bucket(dev, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    assert dev_originals["media-uploads"]["rules"][1]["expiration"] == {"days": 30}
    assert dev_originals["media-uploads"]["rules"][1]["filter"] == {"prefix": "originals/"}
    prod_originals = _for_bucket(prod, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    assert prod_originals["media-uploads"]["rules"][1]["transitions"] == [
        {"days": 30, "storageClass": "GLACIER_IR"}
    ]


def test_uploads_cors_allows_the_ui_origins(dev: StackRun, prod: StackRun) -> None:
    dev_cors = _for_bucket(dev, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")
    (rule,) = dev_cors["media-uploads"]["corsRules"]
    assert rule["allowedMethods"] == ["POST", "PUT"]  # a presigned POST; a multipart upload's parts
    assert rule["exposeHeaders"] == ["ETag"]  # each part's, for the completion
    assert rule["allowedOrigins"] == ["http://localhost:5173", dev.outputs["ui_url"]]
    prod_cors = _for_bucket(prod, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")
    assert prod_cors["media-uploads"]["corsRules"][0]["allowedOrigins"] == [prod.outputs["ui_url"]]


def test_jobs_queue_has_a_dlq_and_a_long_enough_visibility_timeout(run: StackRun) -> None:
    queues = {q.name: q for q in run.of_type("aws:sqs/queue:Queue")}
    jobs, dlq = queues["jobs"], queues["jobs-dlq"]
    processor = next(f for f in run.of_type("aws:lambda/function:Function") if f.name.endswith("processor"))
    assert jobs.inputs["visibilityTimeoutSeconds"] >= 6 * processor.inputs["timeout"]
    redrive = json.loads(jobs.inputs["redrivePolicy"])
    assert redrive == {"deadLetterTargetArn": dlq.state["arn"], "maxReceiveCount": 5}
    assert all(q.inputs["sqsManagedSseEnabled"] for q in queues.values())
    assert dlq.inputs["messageRetentionSeconds"] == 14 * 86400
    allow = json.loads(
        run.one("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy", "jobs-dlq").inputs["redriveAllowPolicy"]
    )
    isolation = queues["jobs-isolation"]
    assert allow == {
        "redrivePermission": "byQueue",
        "sourceQueueArns": [jobs.state["arn"], isolation.state["arn"]],
    }


def test_only_the_uploads_bucket_may_send(run: StackRun) -> None:
    policy = json.loads(run.one("aws:sqs/queuePolicy:QueuePolicy").inputs["policy"])
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    uploads = run.one(BUCKET, "media-uploads")
    assert allow["Principal"] == {"Service": ["s3.amazonaws.com"]}
    assert allow["Action"] == ["sqs:SendMessage"]
    assert allow["Condition"]["ArnEquals"] == {"aws:SourceArn": [uploads.state["arn"]]}
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": ["123456789012"]}


def test_notification_on_originals_is_created_after_the_queue_policy(run: StackRun) -> None:
    notification = run.one("aws:s3/bucketNotification:BucketNotification")
    policy = run.one("aws:sqs/queuePolicy:QueuePolicy")
    assert policy.urn in notification.dependencies
    assert notification.index > policy.index
    (target,) = notification.inputs["queues"]
    assert target["events"] == ["s3:ObjectCreated:*"]
    assert target["filterPrefix"] == "originals/"
    assert target["queueArn"] == run.one("aws:sqs/queue:Queue", "jobs").state["arn"]
    assert run.by_urn(notification.property_dependencies["bucket"][0]).name == "media-uploads"


def test_table_is_on_demand_with_ttl_and_prod_protection(dev: StackRun, prod: StackRun) -> None:
    for run in (dev, prod):
        table = run.one("aws:dynamodb/table:Table", "media")
        assert table.inputs["billingMode"] == "PAY_PER_REQUEST"
        assert table.inputs["ttl"]["enabled"]
    dev_table, prod_table = (
        dev.one("aws:dynamodb/table:Table", "media"),
        prod.one("aws:dynamodb/table:Table", "media"),
    )
    assert not dev_table.inputs["pointInTimeRecovery"]["enabled"]
    assert not dev_table.inputs["deletionProtectionEnabled"]
    assert prod_table.inputs["pointInTimeRecovery"]["enabled"]
    assert prod_table.inputs["deletionProtectionEnabled"]
    assert prod_table.protect
    assert not dev_table.protect


def test_prod_buckets_are_not_force_destroyed(dev: StackRun, prod: StackRun) -> None:
    assert all(b.inputs["forceDestroy"] for b in dev.of_type(BUCKET))
    assert not any(b.inputs["forceDestroy"] for b in prod.of_type(BUCKET))
