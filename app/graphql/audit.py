"""The `auditLog` query's types: the caller's own audit entries, paged as `mediaList` is."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.domain import audit as domain
from app.domain.cursors import encode_cursor
from app.graphql.types import PageInfo

AuditAction = domain.AuditAction
strawberry.enum(AuditAction, description="A destructive or administrative action that is audited.")


@strawberry.type(description="Who did what to which of your items, and when.")
class AuditEntry:
    at: datetime
    action: AuditAction
    media_id: strawberry.ID
    who: str = strawberry.field(
        description="Who acted: your own id for what you did through the API, the operator's AWS "
        "identity (or `operator`) for a redrive."
    )
    detail: str | None = strawberry.field(
        description="What it concerned: a deleted item's filename, a retried item's error code."
    )

    @classmethod
    def from_entry(cls, entry: domain.AuditEntry) -> AuditEntry:
        return cls(
            at=entry.at,
            action=entry.action,
            media_id=strawberry.ID(entry.media_id),
            who=entry.who,
            detail=entry.detail,
        )


@strawberry.type
class AuditEdge:
    cursor: str
    node: AuditEntry


@strawberry.type
class AuditConnection:
    edges: list[AuditEdge]
    page_info: PageInfo

    @strawberry.field(description="The nodes of `edges`, for clients that need no cursors.")
    def nodes(self) -> list[AuditEntry]:
        return [edge.node for edge in self.edges]

    @classmethod
    def from_page(cls, page: domain.AuditPage, *, after: str | None) -> AuditConnection:
        edges = [AuditEdge(cursor=encode_cursor(e.id), node=AuditEntry.from_entry(e)) for e in page.entries]
        cursors = [edge.cursor for edge in edges]
        return cls(
            edges=edges,
            page_info=PageInfo.of(cursors, has_next_page=page.end_cursor is not None, after=after),
        )
