"""SQS message bodies -> jobs. Bodies are S3 event notifications (possibly the s3:TestEvent S3 sends
when a notification is configured) or a job the API queued for a retry."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import unquote_plus

from app.domain import keys
from app.domain.jobs import Job, decode_job, is_job_message


class UnrecognisedMessage(ValueError):
    """Not a message we understand: left to fail, so it ends in the DLQ where someone can look."""


def jobs_from(body: str, *, uploads_bucket: str) -> list[Job]:
    try:
        message = json.loads(body)
    except json.JSONDecodeError as error:
        raise UnrecognisedMessage(f"body is not JSON: {error}") from error
    if not isinstance(message, dict):
        raise UnrecognisedMessage("body is not a JSON object")
    if message.get("Event") == "s3:TestEvent":
        return []
    if is_job_message(message):
        job = decode_job(message)
        if job is None:
            raise UnrecognisedMessage("job without a valid owner and mediaId")
        return [job]
    if isinstance(message.get("Records"), list):
        return [job for record in message["Records"] if (job := _s3_job(record, uploads_bucket)) is not None]
    raise UnrecognisedMessage("neither an S3 event nor a job")


def _s3_job(record: dict[str, Any], uploads_bucket: str) -> Job | None:
    """One S3 event record -> a job, or None for events that are not a new original of ours."""
    if record.get("eventSource") != "aws:s3" or not str(record.get("eventName", "")).startswith(
        "ObjectCreated:"
    ):
        return None
    s3 = record.get("s3", {})
    if s3.get("bucket", {}).get("name") != uploads_bucket:
        return None
    # Keys arrive URL-encoded, spaces as "+", exactly as in AWS's notifications.
    parsed = keys.parse_original_key(unquote_plus(s3.get("object", {}).get("key", "")))
    if parsed is None:
        return None
    return Job(owner=parsed[0], media_id=parsed[1], reason="upload", event_time=_event_time(record))


def _event_time(record: dict[str, Any]) -> datetime | None:
    """S3's ISO 8601 eventTime ("2026-01-01T12:00:00.123Z"); None when absent or unreadable, as
    it only feeds a metric."""
    try:
        return datetime.fromisoformat(str(record["eventTime"]))
    except (KeyError, ValueError):
        return None
