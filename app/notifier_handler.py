"""The notifier Lambda's composition root: the media table's DynamoDB Stream -> each change pushed
to its live subscribers and handed to the webhooks (app/graphql/notifier.py).

Partial batch responses (Powertools' BatchProcessor): a record that fails is reported by its
sequence number, and the event source mapping retries from there (bisecting the batch, boundedly,
then the on-failure destination); the records before it are not seen again.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from app.handler import live_parts, utc_now, webhook_service

if TYPE_CHECKING:
    from app.graphql.notifier import Notifier
    from app.settings import Settings

MEDIA_PREFIX = "MEDIA#"


def notifier(settings: Settings) -> Notifier:
    from app.graphql.notifier import Notifier

    return Notifier(
        *live_parts(settings),
        listeners=[webhook_service(settings)],  # media.ready, .rejected, .failed, .deleted
        clock=utc_now,
    )


@cache
def _notifier() -> Notifier:
    from app.settings import Settings

    return notifier(Settings.from_env())


def notify(event: dict[str, Any], context: Any, target: Notifier) -> dict[str, Any]:
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    from app.adapters import media_codec

    def record_handler(record: Any) -> None:
        change = record.raw_event["dynamodb"]
        if not change["Keys"]["sk"]["S"].startswith(MEDIA_PREFIX):
            return  # the owner's usage, budgets, audit entries, webhooks: not media
        old, new = change.get("OldImage"), change.get("NewImage")
        target.changed(
            media_codec.from_record(old) if old else None, media_codec.from_record(new) if new else None
        )

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    result = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return dict(result)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return notify(event, context, _notifier())
