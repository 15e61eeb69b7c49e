"""The media table: on-demand, keyed and indexed exactly as the repository expects.

The key names mirror `app/adapters/table_schema.py`; infra never imports app code, so a contract
test (tests/contract) compares this component's recorded table with `create_table_arguments()`.
The table streams every change with the item before and after it: the notifier reads the stream
(live updates and webhooks, event_functions.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

PARTITION_KEY = "pk"
SORT_KEY = "sk"
STATUS_INDEX = "by-status"
STATUS_INDEX_KEY = "gsi1pk"
KIND_INDEX = "by-kind"
KIND_INDEX_KEY = "gsi2pk"
NAME_INDEX = "by-name"
NAME_KEY = "nameKey"
SIZE_INDEX = "by-size"
SIZE_KEY = "size"
# The listing's access patterns (docs/api.md#finding-items): status and kind in time order, name, size.
INDEXES = [
    (STATUS_INDEX, STATUS_INDEX_KEY, SORT_KEY),
    (KIND_INDEX, KIND_INDEX_KEY, SORT_KEY),
    (NAME_INDEX, PARTITION_KEY, NAME_KEY),
    (SIZE_INDEX, PARTITION_KEY, SIZE_KEY),
]
TTL_ATTRIBUTE = "expiresAt"
STREAM_VIEW = "NEW_AND_OLD_IMAGES"


@dataclass(frozen=True)
class MediaTableArgs:
    point_in_time_recovery: bool
    deletion_protection: bool


class MediaTable(pulumi.ComponentResource):
    """One DynamoDB table for every item's metadata and status."""

    def __init__(self, name: str, args: MediaTableArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:data:MediaTable", name, None, opts)
        self.table = aws.dynamodb.Table(
            name,
            billing_mode="PAY_PER_REQUEST",
            hash_key=PARTITION_KEY,
            range_key=SORT_KEY,
            attributes=[
                {"name": PARTITION_KEY, "type": "S"},
                {"name": SORT_KEY, "type": "S"},
                {"name": STATUS_INDEX_KEY, "type": "S"},
                {"name": KIND_INDEX_KEY, "type": "S"},
                {"name": NAME_KEY, "type": "S"},
                {"name": SIZE_KEY, "type": "N"},
            ],
            global_secondary_indexes=[
                {
                    "name": index,
                    "key_schemas": [
                        {"attribute_name": hash_key, "key_type": "HASH"},
                        {"attribute_name": range_key, "key_type": "RANGE"},
                    ],
                    "projection_type": "ALL",
                }
                for index, hash_key, range_key in INDEXES
            ],
            ttl={"attribute_name": TTL_ATTRIBUTE, "enabled": True},
            stream_enabled=True,
            stream_view_type=STREAM_VIEW,
            point_in_time_recovery={"enabled": args.point_in_time_recovery},
            deletion_protection_enabled=args.deletion_protection,
            opts=pulumi.ResourceOptions(parent=self, protect=args.deletion_protection),
        )
        self.register_outputs(
            {"table_name": self.table.name, "table_arn": self.table.arn, "stream_arn": self.table.stream_arn}
        )
