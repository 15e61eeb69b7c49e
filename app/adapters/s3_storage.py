"""Originals and outputs on S3: presigned POSTs for browsers, reads and writes for processors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.adapters.aws import s3_client, s3_joining_client
from app.domain import keys
from app.domain.delivery import cache_control
from app.domain.models import PresignedUpload
from app.domain.multipart import Part, UploadedPart
from app.domain.ports import StoredObject, UploadGone

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

DOWNLOAD_CHUNK = 8 * 1024 * 1024
# DeleteObjects takes at most this many keys per call.
DELETE_BATCH = 1000

# Every upload lands tagged as unclaimed; the processor removes the tag when it claims the item. A
# lifecycle rule expires originals still tagged after UNCLAIMED_EXPIRE_DAYS: strays nobody will ever
# claim (POSTed after their item was deleted, with the event lost), never an item's own original. The
# Pulumi program's rule and the embedded stack's repeat these values (tests/contract checks them).
UNCLAIMED_TAG = ("mediapipe-state", "unclaimed")
# Longer than the DLQ keeps a message (14 days), so a redriven job still finds its original.
UNCLAIMED_EXPIRE_DAYS = 15


def _tag_query() -> str:
    """The unclaimed tag as CreateMultipartUpload's Tagging parameter (URL query syntax)."""
    key, value = UNCLAIMED_TAG
    return f"{key}={value}"


def unclaimed_tagging() -> str:
    """The POST form's `tagging` field: S3's Tagging XML with the one tag."""
    key, value = UNCLAIMED_TAG
    return f"<Tagging><TagSet><Tag><Key>{key}</Key><Value>{value}</Value></Tag></TagSet></Tagging>"


class S3MediaStorage:
    def __init__(
        self,
        uploads_bucket: str,
        processed_bucket: str,
        client: S3Client | None = None,
        *,
        output_cache_control: str = cache_control(0),
        joining_client: S3Client | None = None,
    ) -> None:
        """`output_cache_control` goes on every output: outputs are only ever served through signed,
        expiring URLs, so a browser may keep one no longer than such a URL lives (the processor
        passes that lifetime); the CDN's own cache policy keeps them at the edge regardless."""
        self._uploads = uploads_bucket
        self._processed = processed_bucket
        self._client = client
        self._joining_client = joining_client or client
        self._output_cache_control = output_cache_control

    @property
    def _s3(self) -> S3Client:
        if self._client is None:
            self._client = s3_client()
        return self._client

    def presign_upload(
        self, key: str, *, content_type: str, max_bytes: int, expires_in: int
    ) -> PresignedUpload:
        """A POST policy pinned to this key, type and the unclaimed tag, at most `max_bytes`, valid for
        `expires_in` seconds."""
        expires_at = datetime.now(UTC) + timedelta(seconds=expires_in)
        tagging = unclaimed_tagging()
        post = self._s3.generate_presigned_post(
            Bucket=self._uploads,
            Key=key,
            Fields={"Content-Type": content_type, "tagging": tagging},
            Conditions=[
                {"Content-Type": content_type},
                {"tagging": tagging},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=expires_in,
        )
        return PresignedUpload(url=post["url"], fields=dict(post["fields"]), expires_at=expires_at)

    def start_multipart(self, key: str, *, content_type: str) -> str:
        started = self._s3.create_multipart_upload(
            Bucket=self._uploads, Key=key, ContentType=content_type, Tagging=_tag_query()
        )
        return started["UploadId"]

    def presign_part(self, key: str, upload_id: str, part_number: int, *, expires_in: int) -> str:
        return self._s3.generate_presigned_url(
            "upload_part",
            Params={"Bucket": self._uploads, "Key": key, "UploadId": upload_id, "PartNumber": part_number},
            ExpiresIn=expires_in,
        )

    def uploaded_parts(self, key: str, upload_id: str) -> list[UploadedPart]:
        parts: list[UploadedPart] = []
        paginator = self._s3.get_paginator("list_parts")
        try:
            for page in paginator.paginate(Bucket=self._uploads, Key=key, UploadId=upload_id):
                parts.extend(
                    UploadedPart(number=p["PartNumber"], etag=p["ETag"], size=p["Size"])
                    for p in page.get("Parts", [])
                )
        except self._s3.exceptions.NoSuchUpload as gone:
            raise UploadGone(upload_id) from gone
        return sorted(parts, key=lambda part: part.number)

    def complete_multipart(self, key: str, upload_id: str, parts: list[Part]) -> None:
        if self._joining_client is None:
            self._joining_client = s3_joining_client()
        try:
            self._joining_client.complete_multipart_upload(
                Bucket=self._uploads,
                Key=key,
                UploadId=upload_id,
                MultipartUpload={"Parts": [{"PartNumber": p.number, "ETag": p.etag} for p in parts]},
            )
        except self._joining_client.exceptions.NoSuchUpload as gone:
            raise UploadGone(upload_id) from gone

    def abort_multipart(self, key: str, upload_id: str) -> None:
        try:
            self._s3.abort_multipart_upload(Bucket=self._uploads, Key=key, UploadId=upload_id)
        except self._s3.exceptions.NoSuchUpload:
            return  # completed or aborted already: nothing left to drop

    def head_original(self, key: str) -> StoredObject | None:
        try:
            head = self._s3.head_object(Bucket=self._uploads, Key=key)
        except self._s3.exceptions.ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return StoredObject(
            size=head["ContentLength"], content_type=head.get("ContentType"), etag=head["ETag"]
        )

    def download_original(self, key: str, target: BinaryIO, etag: str | None = None) -> None:
        # Chunk by chunk: a 5 GiB video goes to disk without ever being whole in memory.
        if etag is None:
            body = self._s3.get_object(Bucket=self._uploads, Key=key)["Body"]
        else:
            body = self._s3.get_object(Bucket=self._uploads, Key=key, IfMatch=etag)["Body"]
        for chunk in body.iter_chunks(DOWNLOAD_CHUNK):
            target.write(chunk)

    def keep_original(self, key: str) -> None:
        self._s3.delete_object_tagging(Bucket=self._uploads, Key=key)

    def delete_original(self, key: str) -> None:
        self._s3.delete_object(Bucket=self._uploads, Key=key)

    def write_output(self, key: str, data: bytes | Path, content_type: str) -> None:
        headers = {"ContentType": content_type, "CacheControl": self._output_cache_control}
        if isinstance(data, Path):
            # boto3's transfer manager: a multipart upload in parallel parts for a big file, one
            # PUT for a small one, never the whole file in memory.
            self._s3.upload_file(str(data), self._processed, key, ExtraArgs=headers)
            return
        self._s3.put_object(Bucket=self._processed, Key=key, Body=data, **headers)  # type: ignore[arg-type]

    def delete_outputs(self, owner: str, media_id: str) -> None:
        self.delete_output_folder(keys.media_prefix(owner, media_id))

    def delete_output_folder(self, prefix: str) -> None:
        paginator = self._s3.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self._processed, Prefix=prefix):
            self.delete_output_keys([obj["Key"] for obj in page.get("Contents", [])])

    def delete_output_keys(self, output_keys: Sequence[str]) -> None:
        for start in range(0, len(output_keys), DELETE_BATCH):
            batch = output_keys[start : start + DELETE_BATCH]
            objects: list[ObjectIdentifierTypeDef] = [{"Key": key} for key in batch]
            self._s3.delete_objects(Bucket=self._processed, Delete={"Objects": objects, "Quiet": True})

    def delete_media(self, owner: str, media_id: str) -> None:
        self.delete_original(keys.original_key(owner, media_id))
        self.delete_outputs(owner, media_id)
