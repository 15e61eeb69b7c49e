"""A job for the processor, and its message format on the jobs queue. The API writes it (retries),
processors read it; S3 event notifications are the other kind of message on the same queue."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain import keys

JOB_MESSAGE_TYPE = "mediapipe.job"


@dataclass(frozen=True, slots=True)
class Job:
    """(Re)process the original of one item."""

    owner: str
    media_id: str
    reason: str = "upload"  # "upload" (an S3 event) or "retry" (the API asked)
    # When S3 saw the upload (its event's eventTime), for the queue lag; not part of the job's identity.
    event_time: datetime | None = field(default=None, compare=False)


def encode_job(job: Job) -> str:
    return json.dumps(
        {"type": JOB_MESSAGE_TYPE, "owner": job.owner, "mediaId": job.media_id, "reason": job.reason}
    )


def is_job_message(message: dict[str, Any]) -> bool:
    return message.get("type") == JOB_MESSAGE_TYPE


def decode_job(message: dict[str, Any]) -> Job | None:
    """The job in a decoded message body, or None if its fields are not valid."""
    owner, media_id = message.get("owner"), message.get("mediaId")
    if not (isinstance(owner, str) and keys.is_owner(owner)):
        return None
    if not (isinstance(media_id, str) and keys.is_media_id(media_id)):
        return None
    return Job(owner=owner, media_id=media_id, reason=str(message.get("reason", "retry")))
