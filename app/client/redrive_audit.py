"""The audit entries of a redrive: one per item whose job went back from the dead-letter queue, in
its owner's log, with the operator's AWS identity as `who`.

A redrive writes nothing to the media table (SQS moves the messages), so its entries are written
right after the move, not in one transaction with it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from app.domain.audit import DEFAULT_RETENTION_DAYS, AuditAction, AuditRetention
from app.domain.ports import Clock, IdFactory, MediaRepository
from processors.messages import UnrecognisedMessage, jobs_from

if TYPE_CHECKING:
    from app.domain.jobs import Job

# Who, when the caller's identity cannot be read (no STS access, an emulator without it).
UNKNOWN_OPERATOR = "operator"
DETAIL = "from the dead-letter queue"


def operator_identity(sts: Any) -> str:
    """The ARN of the credentials running the command (STS GetCallerIdentity needs no permission)."""
    try:
        arn = sts.get_caller_identity().get("Arn")
    except Exception:  # any failure: an audit entry with a vague `who` beats no entry at all
        return UNKNOWN_OPERATOR
    return str(arn) if arn else UNKNOWN_OPERATOR


def retention_from_env() -> AuditRetention:
    """The deployed functions' retention, as the operator's environment states it (the stack's
    `audit.retentionDays` is MEDIAPIPE_AUDIT_RETENTION_DAYS there too)."""
    return AuditRetention(days=int(os.environ.get("MEDIAPIPE_AUDIT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)))


def redriven_jobs(bodies: Iterable[str], *, uploads_bucket: str) -> list[Job]:
    """Each item once, in the order its first message came; messages that hold no job of ours
    (garbage, S3's test event) name no item."""
    seen: dict[tuple[str, str], Job] = {}
    for body in bodies:
        try:
            jobs = jobs_from(body, uploads_bucket=uploads_bucket)
        except UnrecognisedMessage:
            continue
        for job in jobs:
            seen.setdefault((job.owner, job.media_id), job)
    return list(seen.values())


def record_redrive(
    repository: MediaRepository,
    bodies: Iterable[str],
    *,
    uploads_bucket: str,
    who: str,
    retention: AuditRetention,
    clock: Clock,
    new_id: IdFactory,
) -> int:
    """An entry per item redriven; returns how many were recorded."""
    jobs = redriven_jobs(bodies, uploads_bucket=uploads_bucket)
    now = clock()
    for job in jobs:
        repository.record_audit(
            retention.entry(
                owner=job.owner,
                id=new_id(),
                at=now,
                action=AuditAction.REDRIVE,
                media_id=job.media_id,
                who=who,
                detail=DETAIL,
            )
        )
    return len(jobs)
