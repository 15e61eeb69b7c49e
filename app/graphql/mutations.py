from __future__ import annotations

import asyncio

import strawberry
from strawberry.scalars import JSON

from app.graphql.context import Info
from app.graphql.multipart import MultipartMutation
from app.graphql.permissions import IsAuthenticated
from app.graphql.types import (
    CreateUploadInput,
    CreateUploadPayload,
    Media,
    PresignedUpload,
    UpdateMediaInput,
    to_request,
)
from app.graphql.webhooks import WebhookMutation


@strawberry.type
class Mutation(MultipartMutation, WebhookMutation):
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Register an upload and get a presigned POST for the file's bytes.",
    )
    async def create_upload(self, info: Info, input: CreateUploadInput) -> CreateUploadPayload:
        ctx = info.context
        item, upload = await asyncio.to_thread(ctx.service.create_upload, ctx.caller, to_request(input))
        return CreateUploadPayload(
            media=Media.from_item(item, ctx.links),
            upload=PresignedUpload(url=upload.url, fields=JSON(upload.fields), expires_at=upload.expires_at),
        )

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Process a FAILED item again.")
    async def retry_processing(self, info: Info, id: strawberry.ID) -> Media:
        ctx = info.context
        item = await asyncio.to_thread(ctx.service.retry, ctx.caller, str(id))
        return Media.from_item(item, ctx.links)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Remake a READY item's outputs (or those of one REJECTED by a limit) with `preset`, "
        "default the item's own as configured now. Its old outputs stay listed until the new ones "
        "replace them.",
    )
    async def reprocess_media(self, info: Info, id: strawberry.ID, preset: str | None = None) -> Media:
        ctx = info.context
        item = await asyncio.to_thread(ctx.service.reprocess, ctx.caller, str(id), preset)
        return Media.from_item(item, ctx.links)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Rename an item and/or set its tags, whatever its status.",
    )
    async def update_media(self, info: Info, id: strawberry.ID, input: UpdateMediaInput) -> Media:
        ctx = info.context
        item = await asyncio.to_thread(
            ctx.service.update, ctx.caller, str(id), filename=input.filename, tags=input.tags
        )
        return Media.from_item(item, ctx.links)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Delete an item, its original and its variants. False if there was no such item.",
    )
    async def delete_media(self, info: Info, id: strawberry.ID) -> bool:
        ctx = info.context
        return await asyncio.to_thread(ctx.service.delete, ctx.caller, str(id))
