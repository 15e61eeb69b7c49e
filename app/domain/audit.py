"""The audit log: who did what to which item, and when. An entry is kept for a retention period
(the table's TTL removes it after), and only its owner ever reads it.

Adding an audited action is one line in `AuditAction`; the service (or the tool that acts) records
the entry beside the action itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# How long an entry is kept unless configured otherwise (MEDIAPIPE_AUDIT_RETENTION_DAYS, stack config
# `audit.retentionDays`): a year, long enough to answer "who deleted this?" after any holiday.
DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 3650


class AuditAction(StrEnum):
    """Destructive and administrative actions, each recorded with who, what and when."""

    DELETE = "DELETE"  # deleteMedia
    RETRY = "RETRY"  # retryProcessing
    REPROCESS = "REPROCESS"  # reprocessMedia (the detail names the preset)
    REDRIVE = "REDRIVE"  # `mediapipe redrive`: an operator put the item's job back from the DLQ


@dataclass(frozen=True, slots=True)
class AuditEntry:
    owner: str  # whose log it is in (whose item it was)
    id: str  # a ULID: entries sort by time
    at: datetime
    action: AuditAction
    media_id: str
    who: str  # the signed-in person, or the operator's AWS identity
    detail: str | None
    expires_at: datetime  # when the table's TTL may remove it


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    end_cursor: str | None  # where the next page starts; None on the last page


@dataclass(frozen=True, slots=True)
class AuditRetention:
    days: int = DEFAULT_RETENTION_DAYS

    def __post_init__(self) -> None:
        if not 1 <= self.days <= MAX_RETENTION_DAYS:
            raise ValueError(f"audit retention must be 1 to {MAX_RETENTION_DAYS} days, not {self.days}")

    def entry(
        self,
        *,
        owner: str,
        id: str,
        at: datetime,
        action: AuditAction,
        media_id: str,
        who: str,
        detail: str | None = None,
    ) -> AuditEntry:
        """An entry that expires `days` after it happened."""
        return AuditEntry(
            owner=owner,
            id=id,
            at=at,
            action=action,
            media_id=media_id,
            who=who,
            detail=detail,
            expires_at=at + timedelta(days=self.days),
        )
