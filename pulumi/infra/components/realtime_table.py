"""The realtime table: WebSocket connections and their subscriptions, apart from the media table.

Keyed and indexed as `app/adapters/realtime_schema.py` says (a contract test in tests/contract
compares this component's recorded table with `create_realtime_table_arguments()`):

    pk = CONN#{connectionId}, sk = CONN | SUB#{id}      a connection and its subscriptions
    index "by-owner": ownerpk = OWNER#{owner}, sk        an owner's subscriptions, for the notifier
    expiresAt                                            TTL: connections API Gateway dropped silently

Kept apart so that connection churn never reaches the media table's stream (which feeds the
notifier). Nothing here outlives a reconnect (API Gateway keeps a connection two hours at most), so
there is no point-in-time recovery and no deletion protection: losing the table only drops the
live connections, whose clients reconnect and catch up.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

PARTITION_KEY = "pk"
SORT_KEY = "sk"
OWNER_INDEX = "by-owner"
OWNER_INDEX_KEY = "ownerpk"
TTL_ATTRIBUTE = "expiresAt"


class RealtimeTable(pulumi.ComponentResource):
    """One on-demand DynamoDB table for the live connections, with the owner index and a TTL."""

    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("media:data:RealtimeTable", name, None, opts)
        self.table = aws.dynamodb.Table(
            name,
            billing_mode="PAY_PER_REQUEST",
            hash_key=PARTITION_KEY,
            range_key=SORT_KEY,
            attributes=[
                {"name": PARTITION_KEY, "type": "S"},
                {"name": SORT_KEY, "type": "S"},
                {"name": OWNER_INDEX_KEY, "type": "S"},
            ],
            global_secondary_indexes=[
                {
                    "name": OWNER_INDEX,
                    "key_schemas": [
                        {"attribute_name": OWNER_INDEX_KEY, "key_type": "HASH"},
                        {"attribute_name": SORT_KEY, "key_type": "RANGE"},
                    ],
                    "projection_type": "ALL",
                }
            ],
            ttl={"attribute_name": TTL_ATTRIBUTE, "enabled": True},
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.register_outputs({"table_name": self.table.name, "table_arn": self.table.arn})
