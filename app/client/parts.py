"""Big files in parts (app/domain/multipart.py), resumable: `mediapipe upload` on the same file
again continues where the last try stopped, sending only the parts S3 does not hold.

A ledger in the config directory remembers each unfinished upload by the file's fingerprint (name,
size, modification time, and a hash of its first and last MiB, as the UI's is), so a renamed copy or
an edited file starts afresh while the same file resumes. Parts go up a few at a time; a part that
fails is retried alone with backoff, and with a fresh URL when its URL expired.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from threading import Event, Lock
from typing import TYPE_CHECKING, Any

from app.client.api import ApiError
from app.client.auth import config_dir
from app.domain.multipart import MAX_URLS_PER_REQUEST, MIB, part_count, part_size

if TYPE_CHECKING:
    from app.client.api import MediaPipeClient, ProgressCallback

PARALLEL_PARTS = 4  # what browsers and the AWS CLI use: a few connections fill most links
PART_TRIES = 5
FIRST_BACKOFF_S = 0.5
# S3's answers to a part that may go through on another try: throttling, its own faults, and an
# expired URL (403 once its time is up: the next try gets a fresh one).
RETRYABLE = frozenset({403, 408, 429, 500, 502, 503, 504})


def fingerprint(path: Path) -> str:
    """The file as the ledger knows it: the same file on disk, not only the same name."""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as source:
        digest.update(source.read(MIB))
        if stat.st_size > MIB:
            source.seek(max(MIB, stat.st_size - MIB))
            digest.update(source.read(MIB))
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}:{digest.hexdigest()[:32]}"


class UploadLedger:
    """Unfinished uploads per API and file fingerprint: which item's parts to go on sending."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "uploads.json"
        self._lock = Lock()

    def find(self, api_url: str, key: str) -> str | None:
        entry = self._read().get(api_url, {}).get(key)
        return entry if isinstance(entry, str) else None

    def remember(self, api_url: str, key: str, media_id: str) -> None:
        self._change(lambda entries: entries.setdefault(api_url, {}).__setitem__(key, media_id))

    def forget(self, api_url: str, key: str) -> None:
        self._change(lambda entries: entries.get(api_url, {}).pop(key, None))

    def _change(self, change: Callable[[dict[str, Any]], object]) -> None:
        with self._lock:  # parallel files of one `upload` share the file
            entries = self._read()
            change(entries)
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(entries, indent=2))
            tmp.replace(self.path)

    def _read(self) -> dict[str, Any]:
        try:
            entries: dict[str, Any] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return entries


@dataclass(frozen=True, slots=True)
class PartsUpload:
    media: dict[str, Any]  # the item as the completion returned it
    resumed: bool  # an earlier try's upload was continued
    sent_parts: int  # parts sent by this try (the rest S3 held already)
    parts: int


def upload_in_parts(
    client: MediaPipeClient,
    path: Path,
    content_type: str,
    *,
    api_url: str,
    preset: str | None = None,
    progress: ProgressCallback | None = None,
    ledger: UploadLedger | None = None,
    stop: Event | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PartsUpload:
    """Send `path` in parts, continuing the ledger's upload of the same file if there is one. Once
    `stop` is set no part starts: the parts in flight finish, then Interrupted (the ledger keeps the
    upload, to resume)."""
    ledger = ledger or UploadLedger()
    report = progress or (lambda _: None)
    key = fingerprint(path)
    size = path.stat().st_size
    earlier = _earlier(client, ledger.find(api_url, key))
    if earlier is not None and earlier.arrived is not None:
        ledger.forget(api_url, key)
        return PartsUpload(earlier.arrived, resumed=True, sent_parts=0, parts=0)
    media_id, held = (earlier.media_id, earlier.held) if earlier else (None, {})
    resumed = earlier is not None
    chosen = part_size(size)  # the server's rule: a resume cuts the file as the first try did
    urls: dict[int, str] = {}
    if media_id is None:
        created = client.create_multipart_upload(path.name, content_type, size, preset)
        media_id, chosen = created["media"]["id"], int(created["partSize"])
        urls = {url["partNumber"]: url["url"] for url in created["parts"]}
        ledger.remember(api_url, key, media_id)
    count = part_count(size, chosen)
    report(sum(part["size"] for part in held.values()))
    sender = _PartSender(client, media_id, path, chosen, urls, report, sleep, stop or Event())
    todo = [number for number in range(1, count + 1) if number not in held]
    with ThreadPoolExecutor(max_workers=PARALLEL_PARTS) as pool:
        etags = dict(zip(todo, pool.map(sender.send, todo), strict=True))
    etags |= {number: part["etag"] for number, part in held.items()}
    media = client.complete_multipart_upload(
        media_id, [{"partNumber": n, "etag": etags[n]} for n in range(1, count + 1)]
    )
    ledger.forget(api_url, key)
    return PartsUpload(media, resumed, len(todo), count)


@dataclass(frozen=True)
class _Earlier:
    """The ledger's earlier upload of the same file: the parts S3 holds of it, to go on with, or the
    item when its file arrived whole (the completion went through, its answer lost)."""

    media_id: str
    held: dict[int, dict[str, Any]]
    arrived: dict[str, Any] | None = None


def _earlier(client: MediaPipeClient, media_id: str | None) -> _Earlier | None:
    """What became of the ledger's upload; None when there is none to continue (none recorded, or
    it was aborted or expired since)."""
    if media_id is None:
        return None
    try:
        item = client.media(media_id)
    except ApiError:
        return None
    if item is None:
        return None
    if item["status"] != "AWAITING_UPLOAD":
        return _Earlier(media_id, {}, arrived=item)
    try:
        parts = client.uploaded_parts(media_id)
    except ApiError as error:
        # Joined, and its file's arrival not recorded yet: the API refuses a resume as complete.
        return _Earlier(media_id, {}, arrived=item) if error.code == "INVALID_INPUT" else None
    return _Earlier(media_id, {part["partNumber"]: part for part in parts})


class _PartSender:
    """Sends one part at a time per thread, asking for URLs in batches as they run out."""

    def __init__(
        self,
        client: MediaPipeClient,
        media_id: str,
        path: Path,
        part_size: int,
        urls: dict[int, str],
        report: ProgressCallback,
        sleep: Callable[[float], None],
        stop: Event,
    ) -> None:
        self._client, self._id, self._path, self._part_size = client, media_id, path, part_size
        self._urls = dict(urls)
        self._report, self._sleep, self._stop = report, sleep, stop
        self._lock = Lock()

    def send(self, number: int) -> str:
        if self._stop.is_set():
            raise ApiError(
                "Stopped before every part was sent; the same upload again resumes.", "INTERRUPTED"
            )
        data = self._read(number)
        for attempt in range(1, PART_TRIES + 1):
            response = self._client.put_part(self._url(number, fresh=attempt > 1), data)
            if response.status_code == 200:
                self._report(len(data))
                return str(response.headers["etag"])
            if response.status_code not in RETRYABLE or attempt == PART_TRIES:
                raise ApiError(
                    f"Storage refused part {number} (HTTP {response.status_code}): {response.text[:200]}",
                    "UPLOAD",
                )
            self._sleep(FIRST_BACKOFF_S * 2 ** (attempt - 1))
        raise AssertionError("unreachable: the last try returns or raises")

    def _read(self, number: int) -> bytes:
        with self._path.open("rb") as source:
            source.seek((number - 1) * self._part_size)
            return source.read(self._part_size)

    def _url(self, number: int, *, fresh: bool) -> str:
        with self._lock:
            if fresh or number not in self._urls:
                # This part and the next ones still without a URL, in one request.
                count = part_count(self._path.stat().st_size, self._part_size)
                later = range(number + 1, min(number + MAX_URLS_PER_REQUEST, count + 1))
                wanted = [number, *(n for n in later if n not in self._urls)]
                self._urls |= self._client.upload_part_urls(self._id, wanted)
            return self._urls[number]
