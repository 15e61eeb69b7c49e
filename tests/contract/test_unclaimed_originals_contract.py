"""Uploads are tagged unclaimed by the app's presigned POST and expire by the Pulumi program's
lifecycle rule while they stay so: both sides, and the embedded stack's copy of the rule, name the
same tag, prefix and days (the program may not import the app, so this test holds them equal)."""

from __future__ import annotations

from typing import Any

from app.adapters import s3_storage
from app.domain.keys import ORIGINALS
from app.local.emulator import unclaimed_originals_rule
from infra import policies
from infra.components import storage
from tests.infra.stack_harness import StackRun


def _as_s3_api(rule: dict[str, Any]) -> dict[str, Any]:
    """A recorded Pulumi lifecycle rule in the shape of S3's PutBucketLifecycleConfiguration."""
    both = rule["filter"]["and"]
    return {
        "ID": rule["id"],
        "Status": rule["status"],
        "Filter": {
            "And": {
                "Prefix": both["prefix"],
                "Tags": [{"Key": k, "Value": v} for k, v in both["tags"].items()],
            }
        },
        "Expiration": {"Days": rule["expiration"]["days"]},
    }


def test_the_tag_the_upload_carries_is_the_one_the_rule_expires() -> None:
    assert storage.UNCLAIMED_TAG == s3_storage.UNCLAIMED_TAG
    assert storage.UNCLAIMED_EXPIRE_DAYS == s3_storage.UNCLAIMED_EXPIRE_DAYS
    assert policies.ORIGINALS_PREFIX == ORIGINALS
    key, value = s3_storage.UNCLAIMED_TAG
    assert f"<Key>{key}</Key><Value>{value}</Value>" in s3_storage.unclaimed_tagging()


def test_the_embedded_stack_has_the_deployed_rule(run: StackRun) -> None:
    uploads = next(
        c
        for c in run.of_type("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        if run.by_urn(c.property_dependencies["bucket"][0]).name == "media-uploads"
    )
    deployed = [r for r in uploads.inputs["rules"] if r["id"] == "expire-unclaimed-originals"]
    assert [_as_s3_api(r) for r in deployed] == [unclaimed_originals_rule()]
