"""Multipart uploads (app/domain/multipart.py): a big file sent in parts that survive a dropped
connection. The names are a contract outside clients rely on (docs/api.md, "Multipart uploads")."""

from __future__ import annotations

import asyncio

import strawberry

from app.domain import multipart as domain
from app.domain.service import PartUrl as DomainPartUrl
from app.graphql.context import Info
from app.graphql.permissions import IsAuthenticated
from app.graphql.scalars import BigInt
from app.graphql.types import CreateUploadInput, Media, to_request


@strawberry.type(description="A presigned URL to PUT one part's bytes to; keep the ETag S3 answers with.")
class PartUrl:
    part_number: int
    url: str

    @classmethod
    def from_url(cls, url: DomainPartUrl) -> PartUrl:
        return cls(part_number=url.number, url=url.url)


@strawberry.type(description="A part S3 holds for an unfinished upload.")
class UploadedPart:
    part_number: int
    etag: str
    size: BigInt  # type: ignore[valid-type]


@strawberry.type
class CreateMultipartUploadPayload:
    media: Media
    part_size: BigInt = strawberry.field(  # type: ignore[valid-type]
        description="Every part is this many bytes, the last the rest: the same for the same file size."
    )
    parts: list[PartUrl] = strawberry.field(
        description="URLs for the first parts; ask uploadPartUrls for the others, and again for any "
        "that expired."
    )


@strawberry.input
class CompletedPartInput:
    part_number: int
    etag: str


@strawberry.type
class MultipartQuery:
    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The parts S3 holds for your unfinished multipart upload, by number: resume by "
        "sending only the others.",
    )
    async def uploaded_parts(self, info: Info, id: strawberry.ID) -> list[UploadedPart]:
        ctx = info.context
        parts = await asyncio.to_thread(ctx.service.uploaded_parts, ctx.caller, str(id))
        return [UploadedPart(part_number=p.number, etag=p.etag, size=p.size) for p in parts]


@strawberry.type
class MultipartMutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Register an upload whose file arrives in parts (above 16 MiB, or whenever a "
        "connection may drop): its part size and the first parts' URLs.",
    )
    async def create_multipart_upload(
        self, info: Info, input: CreateUploadInput
    ) -> CreateMultipartUploadPayload:
        ctx = info.context
        upload = await asyncio.to_thread(ctx.service.create_multipart_upload, ctx.caller, to_request(input))
        return CreateMultipartUploadPayload(
            media=Media.from_item(upload.item, ctx.links),
            part_size=upload.part_size,
            parts=[PartUrl.from_url(url) for url in upload.parts],
        )

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description=f"Presigned URLs for these parts of your unfinished upload (at most "
        f"{domain.MAX_URLS_PER_REQUEST} at a time).",
    )
    async def upload_part_urls(self, info: Info, id: strawberry.ID, part_numbers: list[int]) -> list[PartUrl]:
        ctx = info.context
        urls = await asyncio.to_thread(ctx.service.part_urls, ctx.caller, str(id), part_numbers)
        return [PartUrl.from_url(url) for url in urls]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Join every part, named with its ETag, into the file; processing then starts.",
    )
    async def complete_multipart_upload(
        self, info: Info, id: strawberry.ID, parts: list[CompletedPartInput]
    ) -> Media:
        ctx = info.context
        sent = [domain.Part(number=p.part_number, etag=p.etag) for p in parts]
        item = await asyncio.to_thread(ctx.service.complete_multipart_upload, ctx.caller, str(id), sent)
        return Media.from_item(item, ctx.links)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Drop an upload whose file has not arrived, its parts and its item. False if "
        "there was no such upload.",
    )
    async def abort_upload(self, info: Info, id: strawberry.ID) -> bool:
        ctx = info.context
        return await asyncio.to_thread(ctx.service.abort_upload, ctx.caller, str(id))
