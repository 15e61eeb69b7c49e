from __future__ import annotations

import asyncio

import strawberry

from app.domain.listing import MediaQuery, MediaSort
from app.graphql.audit import AuditConnection
from app.graphql.context import Info
from app.graphql.multipart import MultipartQuery
from app.graphql.permissions import IsAuthenticated
from app.graphql.types import Media, MediaConnection, MediaKind, MediaStatus, Preset, UploadPolicy
from app.graphql.usage import Usage
from app.graphql.webhooks import WebhookQuery

DEFAULT_PAGE_SIZE = 20


@strawberry.type
class Query(MultipartQuery, WebhookQuery):
    @strawberry.field(permission_classes=[IsAuthenticated], description="One of your items, or null.")
    async def media(self, info: Info, id: strawberry.ID) -> Media | None:
        ctx = info.context

        def load() -> Media | None:
            item = ctx.service.get(ctx.caller, str(id))
            return Media.from_item(item, ctx.links) if item else None

        return await asyncio.to_thread(load)  # signing URLs is CPU work too: off the event loop

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Your items (max 100 a page), newest first unless `sort` says otherwise; every "
        "filter given must match. `search` finds a piece of the filename, ignoring case; `tag` one "
        "of the item's tags. A page can be short when filters skip many items: follow "
        "pageInfo.hasNextPage, not the page's length.",
    )
    async def media_list(
        self,
        info: Info,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        status: MediaStatus | None = None,
        kind: MediaKind | None = None,
        tag: str | None = None,
        search: str | None = None,
        sort: MediaSort = MediaSort.NEWEST,
    ) -> MediaConnection:
        ctx = info.context
        size = DEFAULT_PAGE_SIZE if first is None else first

        def load() -> MediaConnection:
            query = MediaQuery.of(status=status, kind=kind, tag=tag, search=search, sort=sort)
            page = ctx.service.list(ctx.caller, first=size, after=after, query=query)
            return MediaConnection.from_page(page, ctx.links, after=after, sort=sort)

        return await asyncio.to_thread(load)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Deletes, retries and redrives of your items: who, what and when, newest first "
        "(max 100). Entries are kept for the stack's audit retention (a year by default).",
    )
    async def audit_log(
        self, info: Info, first: int | None = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> AuditConnection:
        ctx = info.context
        size = DEFAULT_PAGE_SIZE if first is None else first

        def load() -> AuditConnection:
            return AuditConnection.from_page(
                ctx.service.audit_log(ctx.caller, first=size, after=after), after=after
            )

        return await asyncio.to_thread(load)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="What you store and have spent, against your quota, with an estimated cost.",
    )
    async def usage(self, info: Info) -> Usage:
        ctx = info.context

        def load() -> Usage:
            usage = ctx.service.usage(ctx.caller)
            return Usage.build(usage, ctx.service.quota, ctx.service.estimate(usage))

        return await asyncio.to_thread(load)

    @strawberry.field(permission_classes=[IsAuthenticated])
    def presets(self, info: Info) -> list[Preset]:
        return [Preset.from_preset(p) for p in info.context.service.presets]

    @strawberry.field(permission_classes=[IsAuthenticated])
    def upload_policy(self, info: Info) -> UploadPolicy:
        return UploadPolicy.from_policy(info.context.service.policy)
