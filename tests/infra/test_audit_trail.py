"""CloudTrail data events on the media buckets: absent unless `audit.cloudTrailDataEvents` is on;
when on, one trail of object-level events scoped to the uploads and processed buckets alone, writing
to a private, encrypted log bucket that expires its files."""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

import pytest

from tests.infra.stack_harness import StackRun, placeholder_artifacts, run_stack

TRAIL = "aws:cloudtrail/trail:Trail"
BUCKET = "aws:s3/bucket:Bucket"


@cache
def with_trail() -> StackRun:
    artifacts = placeholder_artifacts(Path(tempfile.mkdtemp(prefix="mediapipe-artifacts-")))
    return run_stack("dev", artifacts, {"audit": {"cloudTrailDataEvents": True, "retentionDays": 90}})


def _of_bucket(run: StackRun, type_: str, bucket: str) -> dict[str, object]:
    (found,) = [
        r.inputs
        for r in run.of_type(type_)
        if run.by_urn(r.property_dependencies["bucket"][0]).name == bucket
    ]
    return found


def test_there_is_no_trail_by_default(run: StackRun) -> None:
    assert run.of_type(TRAIL) == []
    assert "audit-logs" not in {b.name for b in run.of_type(BUCKET)}
    assert "audit_trail_log_bucket" not in run.outputs


def test_when_on_the_trail_records_data_events_of_the_two_buckets_only() -> None:
    run = with_trail()
    (trail,) = run.of_type(TRAIL)
    uploads, processed = run.one(BUCKET, "media-uploads"), run.one(BUCKET, "media-processed")
    (selector,) = trail.inputs["advancedEventSelectors"]
    fields = {f["field"]: f for f in selector["fieldSelectors"]}
    assert fields["eventCategory"]["equals"] == ["Data"]
    assert fields["resources.type"]["equals"] == ["AWS::S3::Object"]
    assert fields["resources.ARN"]["startsWiths"] == [
        f"{uploads.state['arn']}/",
        f"{processed.state['arn']}/",
    ]
    assert not trail.inputs.get("isMultiRegionTrail") and not trail.inputs.get("includeGlobalServiceEvents")
    assert trail.inputs["enableLogFileValidation"] is True
    logs = run.one(BUCKET, "audit-logs")
    assert trail.inputs["s3BucketName"] == logs.id
    assert run.outputs["audit_trail_log_bucket"] == logs.state["bucket"]


def test_when_on_the_log_bucket_is_private_encrypted_and_expires_with_the_retention() -> None:
    run = with_trail()
    name = "audit-logs"
    block = _of_bucket(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name)
    assert all(
        block[k]
        for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    )
    encryption = _of_bucket(
        run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name
    )
    assert encryption["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"] == "AES256"  # type: ignore[index]
    lifecycle = _of_bucket(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name)
    assert [rule["expiration"]["days"] for rule in lifecycle["rules"]] == [90]  # type: ignore[attr-defined]


def test_when_on_only_cloudtrail_of_this_account_may_write_the_logs() -> None:
    run = with_trail()
    statements = json.loads(str(_of_bucket(run, "aws:s3/bucketPolicy:BucketPolicy", "audit-logs")["policy"]))
    by_sid = {s["Sid"]: s for s in statements["Statement"]}
    assert by_sid["DenyInsecureTransport"]["Effect"] == "Deny"
    writes = by_sid["CloudTrailWritesLogs"]
    assert writes["Principal"] == {"Service": ["cloudtrail.amazonaws.com"]}
    assert writes["Action"] in ("s3:PutObject", ["s3:PutObject"])
    assert writes["Condition"]["StringEquals"]["aws:SourceAccount"]
    assert set(by_sid) == {"DenyInsecureTransport", "CloudTrailChecksTheBucket", "CloudTrailWritesLogs"}


@pytest.mark.parametrize("value", ["yes", 1])
def test_the_toggle_is_a_boolean(value: object) -> None:
    from infra import config

    with pytest.raises(config.ConfigError):
        config.parse(
            "dev",
            {
                "presets": [{"name": "default", "widths": [640], "formats": [{"format": "webp"}]}],
                "audit": {"cloudTrailDataEvents": value},
            },
        )
