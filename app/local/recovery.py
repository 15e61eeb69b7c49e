"""What a stack restored from its data folder does before its workers start: the items the stopped
stack's workers held are given back.

Those workers are gone, but each item they held is PROCESSING under a lease that runs for minutes,
and its message is in the queue again (app/local/snapshot.py makes it visible). Released, each is
claimed at once by its redelivered message under the next attempt, and its history says so
("released"); left alone, it would wait for its lease and the queue's visibility timeout.
"""

from __future__ import annotations

from datetime import datetime

from app.adapters import media_codec
from app.adapters.aws import dynamodb_client
from app.adapters.dynamodb_repository import DynamoMediaRepository
from app.domain.models import MediaStatus


def release_held_items(table_name: str, *, now: datetime) -> int:
    """Release every lease still running at `now`; returns how many items were held."""
    repository = DynamoMediaRepository(table_name)
    # A scan, on purpose: the table has no index across owners, and this runs once, locally, at
    # start, on a developer's data (the deployed stack never restarts all its workers at once).
    pages = (
        dynamodb_client()
        .get_paginator("scan")
        .paginate(
            TableName=table_name,
            FilterExpression="#status = :processing AND attribute_exists(leaseExpiresAt)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":processing": {"S": MediaStatus.PROCESSING.value}},
        )
    )
    held = [
        item
        for page in pages
        for item in map(media_codec.from_record, page["Items"])
        if item.lease_expires_at is not None and item.lease_expires_at > now
    ]
    for item in held:
        repository.release(item, now=now)
    return len(held)
