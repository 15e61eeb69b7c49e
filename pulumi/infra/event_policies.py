"""The event functions' policies (live updates and webhooks), in the style of policies.py: ARNs in,
IAM statements out, exact actions on exact resources.

The management API of a WebSocket API is authorised per stage, method and connection:
`arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/@connections/{connectionId}`.
Each function gets the methods it calls on this API's stage, never another API's or stage's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from infra.policies import Statement, allow, own_logs, xray_tracing

# The realtime table's owner index (app/adapters/realtime_schema.py, through the contract test).
OWNER_INDEX = "by-owner"


@dataclass(frozen=True)
class EventArns:
    """What the event functions may touch, as plain strings (resolved from Outputs by the caller)."""

    media_table: str
    media_stream: str
    realtime_table: str
    websocket_execution: str  # the WebSocket API's execution ARN, arn:aws:execute-api:...:{apiId}
    websocket_stage: str
    webhook_queue: str
    stream_failures_queue: str
    url_signing_secret: str
    log_group: str


StatementsFor = Callable[[EventArns], list[Statement]]


def connections(arns: EventArns, *methods: str) -> list[str]:
    """The @connections resources of this API's stage for each method (POST posts, GET reads a
    connection's details, DELETE closes it)."""
    base = f"{arns.websocket_execution}/{arns.websocket_stage}"
    return [f"{base}/{method}/@connections/*" for method in methods]


def realtime_statements(arns: EventArns) -> list[Statement]:
    """The realtime function speaks graphql-transport-ws on the connections: it keeps connections and
    subscriptions in the realtime table, answers and closes through the management API."""
    return [
        allow(
            "ConnectionsAndSubscriptions",
            [
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:Query",
                "dynamodb:BatchWriteItem",
            ],
            [arns.realtime_table],
        ),
        allow("SubscriptionsByOwner", ["dynamodb:Query"], [f"{arns.realtime_table}/index/{OWNER_INDEX}"]),
        allow(
            "AnswerAndCloseConnections",
            ["execute-api:ManageConnections"],
            connections(arns, "POST", "GET", "DELETE"),
        ),
        own_logs(arns.log_group),
        xray_tracing(),
    ]


def notifier_statements(arns: EventArns) -> list[Statement]:
    """The notifier: reads the media table's stream, posts each change to its owner's subscribed
    connections (forgetting gone ones), and queues the webhook deliveries the change calls for."""
    return [
        allow(
            "ReadMediaStream",
            ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            [arns.media_stream],
        ),
        # Lambda's stream poller lists the table's streams; ListStreams takes no resource but "*"
        # (it names streams, it reads none of their records).
        allow("FindStreams", ["dynamodb:ListStreams"], ["*"]),
        allow("SubscribersByOwner", ["dynamodb:Query"], [f"{arns.realtime_table}/index/{OWNER_INDEX}"]),
        # A gone connection's rows are one partition: read (Query) to delete each (DeleteItem).
        allow("ForgetGoneConnections", ["dynamodb:Query", "dynamodb:DeleteItem"], [arns.realtime_table]),
        allow("PostToConnections", ["execute-api:ManageConnections"], connections(arns, "POST")),
        # Webhooks (sk WEBHOOK#...) and their deliveries (sk DELIVERY#...) live beside the items.
        allow(
            "WebhooksAndDeliveries",
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
            [arns.media_table],
        ),
        # The webhook deliveries; and the stream mapping's on-failure destination, which Lambda
        # writes with the function's own role.
        allow(
            "QueueDeliveriesAndFailures",
            ["sqs:SendMessage"],
            [arns.webhook_queue, arns.stream_failures_queue],
        ),
        # What it pushes carries the item's variant URLs, signed as the API signs them.
        allow("ReadUrlSigningKey", ["secretsmanager:GetSecretValue"], [arns.url_signing_secret]),
        own_logs(arns.log_group),
        xray_tracing(),
    ]


def webhook_sender_statements(arns: EventArns) -> list[Statement]:
    """The webhook sender: consumes the delivery queue (and sets a retry's visibility, up to 12 h),
    may send a delivery again, and records attempts and webhook state in the media table."""
    return [
        allow(
            "ConsumeDeliveries",
            [
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
                "sqs:SendMessage",
            ],
            [arns.webhook_queue],
        ),
        allow(
            "WebhooksAndDeliveries",
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
            [arns.media_table],
        ),
        own_logs(arns.log_group),
        xray_tracing(),
    ]
