"""A small client for the media-pipeline GraphQL API, over HTTP. The CLI and the integration tests
use it; it speaks to the local stack and to a deployed API alike."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import httpx

from app.client import operations
from app.domain.status import TERMINAL  # StrEnum members: they equal the API's status strings

ProgressCallback = Callable[[int], None]


COMPLETE_TIMEOUT_S = 600.0  # joining a 5 GiB upload locally takes minutes (the emulator copies it)
COMPLETE_ATTEMPTS = 6
_LOST_ANSWER = frozenset({"UNREACHABLE", "502", "503", "504"})  # the join may have happened unseen


class ApiError(Exception):
    """An error the API returned: `code` is the stable `extensions.code` (or the HTTP status)."""

    def __init__(
        self, message: str, code: str, *, retry_after: float | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retry_after = retry_after  # RATE_LIMITED: the seconds the API asks us to wait
        self.hint = hint  # what the user might do about it, shown on a line of its own


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the API is, the app's API key (its meter), and who is calling: a function that gives a
    current Cognito ID token (it refreshes when it must), or None to call anonymously."""

    graphql_url: str
    api_key: str
    id_token: Callable[[], str] | None = None

    def headers(self) -> dict[str, str]:
        headers = {"x-api-key": self.api_key}
        if self.id_token is not None:
            headers["authorization"] = f"Bearer {self.id_token()}"
        return headers


class MediaPipeClient:
    def __init__(self, endpoint: Endpoint, *, http: httpx.Client | None = None) -> None:
        self._endpoint = endpoint
        self._http = http or httpx.Client(timeout=httpx.Timeout(30.0, connect=5.0))

    @property
    def api_url(self) -> str:
        return self._endpoint.graphql_url

    @property
    def endpoint(self) -> Endpoint:
        return self._endpoint

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MediaPipeClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def execute(
        self, query: str, variables: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """`timeout`: seconds to wait for the answer, where the client's usual 30 s is too short."""
        try:
            response = self._http.post(
                self._endpoint.graphql_url,
                json={"query": query, "variables": variables or {}},
                headers=self._endpoint.headers(),
                timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else httpx.Timeout(timeout, connect=5.0),
            )
        except httpx.HTTPError as error:
            raise ApiError(f"Cannot reach {self._endpoint.graphql_url}: {error}", "UNREACHABLE") from error
        try:
            body = response.json()
        except ValueError:
            raise _http_error(response.status_code, self._endpoint.graphql_url) from None
        errors = body.get("errors")
        if errors:
            first = errors[0]
            extensions = first.get("extensions") or {}
            wait = extensions.get("retryAfter", response.headers.get("retry-after"))
            raise ApiError(
                first.get("message", "error"),
                extensions.get("code", "ERROR"),
                retry_after=float(wait) if wait is not None else None,
            )
        if response.status_code != 200:
            raise _http_error(response.status_code, self._endpoint.graphql_url)
        data: dict[str, Any] = body["data"]
        return data

    def create_upload(
        self, filename: str, content_type: str, size: int, preset: str | None = None
    ) -> dict[str, Any]:
        variables = {
            "input": {"filename": filename, "contentType": content_type, "size": size, "preset": preset}
        }
        payload: dict[str, Any] = self.execute(operations.CREATE_UPLOAD, variables)["createUpload"]
        return payload

    def media(self, media_id: str) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.execute(operations.MEDIA, {"id": media_id})["media"]
        return item

    def history(self, media_id: str) -> dict[str, Any] | None:
        """The item's id, filename, status and history (None: no such item of the caller's)."""
        media: dict[str, Any] | None = self.execute(operations.HISTORY, {"id": media_id})["media"]
        return media

    def media_list(
        self,
        *,
        first: int = 20,
        after: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        tag: str | None = None,
        search: str | None = None,
        sort: str = "NEWEST",
    ) -> dict[str, Any]:
        variables = {
            "first": first,
            "after": after,
            "status": status,
            "kind": kind,
            "tag": tag,
            "search": search,
            "sort": sort,
        }
        page: dict[str, Any] = self.execute(operations.MEDIA_LIST, variables)["mediaList"]
        return page

    def update_media(
        self, media_id: str, *, filename: str | None = None, tags: list[str] | None = None
    ) -> dict[str, Any]:
        """Rename and/or set all the tags; a field left None stays as it is."""
        change: dict[str, Any] = {}
        if filename is not None:
            change["filename"] = filename
        if tags is not None:
            change["tags"] = tags
        item: dict[str, Any] = self.execute(operations.UPDATE_MEDIA, {"id": media_id, "input": change})[
            "updateMedia"
        ]
        return item

    def audit_log(self, *, first: int = 20, after: str | None = None) -> dict[str, Any]:
        """Your deletes, retries and redrives, newest first: a connection like `media_list`'s."""
        variables = {"first": first, "after": after}
        page: dict[str, Any] = self.execute(operations.AUDIT_LOG, variables)["auditLog"]
        return page

    def usage(self) -> dict[str, Any]:
        usage: dict[str, Any] = self.execute(operations.USAGE)["usage"]
        return usage

    def presets(self) -> list[dict[str, Any]]:
        presets: list[dict[str, Any]] = self.execute(operations.PRESETS)["presets"]
        return presets

    def retry(self, media_id: str) -> dict[str, Any]:
        item: dict[str, Any] = self.execute(operations.RETRY, {"id": media_id})["retryProcessing"]
        return item

    def reprocess(self, media_id: str, preset: str | None = None) -> dict[str, Any]:
        variables = {"id": media_id, "preset": preset}
        item: dict[str, Any] = self.execute(operations.REPROCESS, variables)["reprocessMedia"]
        return item

    def delete(self, media_id: str) -> bool:
        return bool(self.execute(operations.DELETE, {"id": media_id})["deleteMedia"])

    # --- webhooks --------------------------------------------------------------------------

    def webhooks(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.execute(operations.WEBHOOKS)["webhooks"]
        return found

    def create_webhook(self, url: str, events: list[str], description: str = "") -> dict[str, Any]:
        """The endpoint and its signing secret (`secret`: the only time the API shows it)."""
        variables = {"input": {"url": url, "events": events, "description": description}}
        created: dict[str, Any] = self.execute(operations.CREATE_WEBHOOK, variables)["createWebhook"]
        return created

    def update_webhook(self, webhook_id: str, **changes: Any) -> dict[str, Any]:
        """`changes`: url, events, description, enabled (only those given change)."""
        variables = {"id": webhook_id, "input": changes}
        updated: dict[str, Any] = self.execute(operations.UPDATE_WEBHOOK, variables)["updateWebhook"]
        return updated

    def delete_webhook(self, webhook_id: str) -> bool:
        return bool(self.execute(operations.DELETE_WEBHOOK, {"id": webhook_id})["deleteWebhook"])

    def rotate_webhook_secret(self, webhook_id: str) -> dict[str, Any]:
        rotated: dict[str, Any] = self.execute(operations.ROTATE_WEBHOOK_SECRET, {"id": webhook_id})[
            "rotateWebhookSecret"
        ]
        return rotated

    def webhook_deliveries(self, webhook_id: str, *, first: int = 20) -> list[dict[str, Any]]:
        variables = {"webhookId": webhook_id, "first": first}
        found: list[dict[str, Any]] = self.execute(operations.WEBHOOK_DELIVERIES, variables)[
            "webhookDeliveries"
        ]
        return found

    def redeliver_webhook(self, delivery_id: str) -> dict[str, Any]:
        again: dict[str, Any] = self.execute(operations.REDELIVER_WEBHOOK, {"id": delivery_id})[
            "redeliverWebhook"
        ]
        return again

    def create_multipart_upload(
        self, filename: str, content_type: str, size: int, preset: str | None = None
    ) -> dict[str, Any]:
        variables = {
            "input": {"filename": filename, "contentType": content_type, "size": size, "preset": preset}
        }
        payload: dict[str, Any] = self.execute(operations.CREATE_MULTIPART_UPLOAD, variables)[
            "createMultipartUpload"
        ]
        return payload

    def upload_part_urls(self, media_id: str, numbers: list[int]) -> dict[int, str]:
        variables = {"id": media_id, "partNumbers": numbers}
        urls = self.execute(operations.UPLOAD_PART_URLS, variables)["uploadPartUrls"]
        return {url["partNumber"]: url["url"] for url in urls}

    def uploaded_parts(self, media_id: str) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = self.execute(operations.UPLOADED_PARTS, {"id": media_id})[
            "uploadedParts"
        ]
        return parts

    def complete_multipart_upload(
        self,
        media_id: str,
        parts: list[dict[str, Any]],
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> dict[str, Any]:
        """Join the parts. S3 takes a while to join gigabytes, longer than a gateway waits (API
        Gateway gives up at 29 s with a 504): a lost answer is asked again, which the API answers
        with the item once the join is done (completion is idempotent)."""
        variables = {"id": media_id, "parts": parts}
        for attempt in range(1, COMPLETE_ATTEMPTS):
            try:
                return self._complete(variables)
            except ApiError as error:
                if error.code not in _LOST_ANSWER:
                    raise
                sleep(min(2.0**attempt, 30.0))
        return self._complete(variables)

    def _complete(self, variables: dict[str, Any]) -> dict[str, Any]:
        result = self.execute(operations.COMPLETE_MULTIPART_UPLOAD, variables, timeout=COMPLETE_TIMEOUT_S)
        item: dict[str, Any] = result["completeMultipartUpload"]
        return item

    def abort_upload(self, media_id: str) -> bool:
        return bool(self.execute(operations.ABORT_UPLOAD, {"id": media_id})["abortUpload"])

    def put_part(self, url: str, data: bytes) -> httpx.Response:
        """PUT one part's bytes to its presigned URL (S3's answer carries its ETag)."""
        return self._http.put(url, content=data, timeout=httpx.Timeout(300.0, connect=5.0))

    def send_file(
        self,
        upload: dict[str, Any],
        source: BinaryIO,
        filename: str,
        content_type: str,
        progress: ProgressCallback,
    ) -> None:
        """POST the bytes to the presigned URL (fields first, file last), reporting bytes sent."""
        reader = _ProgressReader(source, progress)
        response = self._http.post(
            upload["url"],
            data=upload["fields"],
            files={"file": (filename, reader, content_type)},  # type: ignore[dict-item]
            timeout=httpx.Timeout(300.0, connect=5.0),
        )
        if response.status_code not in (200, 201, 204):
            raise ApiError(
                f"Storage refused the upload (HTTP {response.status_code}): {response.text[:200]}", "UPLOAD"
            )

    def wait(self, media_id: str, *, timeout: float = 120.0, interval: float = 0.2) -> dict[str, Any]:
        """Poll until the item is terminal, backing off up to 2 s between looks."""
        deadline = time.monotonic() + timeout
        while True:
            item = self.media(media_id)
            if item is None:
                raise ApiError(f"Media {media_id} disappeared", "NOT_FOUND")
            if item["status"] in TERMINAL or time.monotonic() >= deadline:
                return item
            time.sleep(interval)
            interval = min(interval * 1.5, 2.0)

    def upload_path(
        self,
        path: Path,
        content_type: str,
        *,
        preset: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> dict[str, Any]:
        """createUpload + POST; returns the created media item (AWAITING_UPLOAD at that point)."""
        size = path.stat().st_size
        payload = self.create_upload(path.name, content_type, size, preset)
        with path.open("rb") as source:
            self.send_file(payload["upload"], source, path.name, content_type, progress or (lambda _: None))
        media: dict[str, Any] = payload["media"]
        return media


def _http_error(status: int, graphql_url: str) -> ApiError:
    """An answer that is not GraphQL's; a 404 or 405 off /graphql is most likely the wrong path
    (the stack's root serves the UI, which takes no POST)."""
    hint = None
    url = graphql_url.rstrip("/")
    if status in (404, 405) and not url.endswith("/graphql"):
        hint = f"the API is at {url}/graphql; add /graphql to --api-url"
    return ApiError(f"HTTP {status} from the API at {graphql_url}", str(status), hint=hint)


class _ProgressReader:
    """A file wrapper that reports how many bytes have been read, for progress bars.

    It keeps `fileno` and `seek`, so httpx can still tell the length: S3 refuses chunked POSTs.
    """

    def __init__(self, source: BinaryIO, progress: ProgressCallback) -> None:
        self._source = source
        self._progress = progress

    def fileno(self) -> int:
        return self._source.fileno()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._source.seek(offset, whence)

    def tell(self) -> int:
        return self._source.tell()

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        if chunk:
            self._progress(len(chunk))
        return chunk

    def __iter__(self) -> Any:
        while chunk := self.read(64 * 1024):
            yield chunk
