"""One job, start to finish: claim -> check -> sniff -> process -> write variants -> finish.

The claim and the finish are conditional writes on the item: a duplicate or late event finds the
item finished and does nothing; one that finds another attempt holding the item comes back later
(ItemBusy), since that attempt's worker may have died; a worker that dies leaves a lease that runs
out, after which the redelivered message reclaims the item and finishes it. An original whose item
is gone (POSTed after a delete) is removed.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from aws_lambda_powertools import Logger

from app.domain import keys
from app.domain.errors import ErrorCode
from app.domain.jobs import Job
from app.domain.limits import PROCESSOR_MEMORY_MB
from app.domain.metrics import Dimension, Metric, MetricsSink, NoMetrics, Step, StepTimes, kind_value
from app.domain.models import (
    ItemError,
    MediaItem,
    MediaKind,
    MediaStatus,
    Outcome,
    Processed,
    Refused,
    Variant,
    VariantRole,
)
from app.domain.ports import Clock, MediaRepository, ProcessingStorage
from app.domain.presets import Preset
from app.domain.rules import Rules
from app.domain.status import is_gone, is_terminal
from app.domain.usage import Compute
from processors import dead_letters
from processors.examine import MediaFunction, examine
from processors.media import process_media
from processors.original import mapped
from processors.rendering import Rendering, Rendition, stream_file_type
from processors.validation import Declared, check_size

logger = Logger(child=True)

# Concurrent PUTs of an item's outputs (boto3 clients are thread-safe; 10 is their default pool).
PARALLEL_UPLOADS = 8


class Result(StrEnum):
    READY = "READY"
    REJECTED = "REJECTED"
    FAILED = "FAILED"
    SKIPPED = "SKIPPED"  # not ours to do: already finished
    GONE = "GONE"  # the item was deleted: its original, if it came late, is removed too
    LOST = "LOST"  # our claim lapsed and someone else finished first


# Facts about the item being worked on, for its trace and its log lines: its kind and attempt once
# claimed, its outcome once finished. The composition root turns them into X-Ray annotations and log
# keys for the record's scope; a plain callable, so the pipeline depends on neither tracer nor logger.
Annotate = Callable[[str, str | int], None]


def _no_annotations(key: str, value: str | int) -> None:
    return None


class ItemBusy(Exception):
    """Another attempt holds the item. Its worker may be at work, or dead with its lease still
    running: the message must come back once that attempt finished or its lease lapsed, not be
    consumed now, or a dead worker's item would never be reclaimed."""


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    rules: Rules
    lease: timedelta
    # The function's memory, for the usage record's MB x ms (Lambda bills duration x memory).
    memory_mb: int = PROCESSOR_MEMORY_MB


class Pipeline:
    def __init__(
        self,
        repository: MediaRepository,
        storage: ProcessingStorage,
        config: PipelineConfig,
        *,
        clock: Clock,
        media: MediaFunction = process_media,
        metrics: MetricsSink | None = None,
        annotate: Annotate = _no_annotations,
    ) -> None:
        self._repository = repository
        self._storage = storage
        self._config = config
        self._clock = clock
        self._media = media
        self._metrics: MetricsSink = metrics if metrics is not None else NoMetrics()
        self._annotate = annotate

    def run(self, job: Job) -> Result:
        now = self._clock()
        item = self._repository.claim(job.owner, job.media_id, now=now, lease_until=now + self._config.lease)
        if item is None:
            return self._not_claimed(job)
        self._on_claim(job, item, now)
        started = time.monotonic()
        times = StepTimes()
        try:
            outcome = self._outcome(item, times)
        except Exception:
            # Storage or table trouble: hand the item back so the redelivered message can reclaim it.
            self._release_quietly(item)
            raise
        compute = Compute(ms=round((time.monotonic() - started) * 1000), memory_mb=self._config.memory_mb)
        if not self._repository.complete(item, outcome, now=self._clock(), compute=compute):
            return self._lost(item)
        if isinstance(outcome, Processed):
            self._remove_replaced(item, outcome)
        status = MediaStatus.READY if isinstance(outcome, Processed) else outcome.status
        self._on_finish(item, status, compute.ms, times)
        logger.info("Item finished", extra={"media_id": item.id, "status": status.value})
        return Result(status.value)

    def _on_claim(self, job: Job, item: MediaItem, now: datetime) -> None:
        kind = {Dimension.KIND: kind_value(item.kind)}
        lag_ms = (now - job.event_time).total_seconds() * 1000 if job.event_time else None
        if lag_ms is not None:
            self._metrics.record(Metric.QUEUE_LAG, max(lag_ms, 0.0), kind)
        if item.attempt > 1:
            self._metrics.record(Metric.RETRIES, 1, kind)
        self._annotate("attempt", item.attempt)
        self._annotate("kind", kind[Dimension.KIND])
        if item.trace_id:  # the API request that created the item: search X-Ray for it to see both
            self._annotate("upload_trace", item.trace_id)
        logger.info("Item claimed", extra={"media_id": item.id, "reason": job.reason, "queue_lag_ms": lag_ms})

    def _on_finish(self, item: MediaItem, status: MediaStatus, ms: int, times: StepTimes) -> None:
        kind = kind_value(item.kind)
        finished = {Dimension.KIND: kind, Dimension.OUTCOME: status.value}
        self._metrics.record(Metric.ITEMS_FINISHED, 1, finished)
        self._metrics.record(Metric.PROCESSING_TIME, ms, finished)
        for step, step_ms in times.milliseconds.items():
            timed = {Dimension.KIND: kind, Dimension.STEP: step.value}
            self._metrics.record(Metric.STEP_TIME, step_ms, timed)
        for role, rendition_ms in times.renditions:
            made = {Dimension.KIND: kind, Dimension.ROLE: role.value}
            self._metrics.record(Metric.RENDITION_TIME, rendition_ms, made)
        self._annotate("outcome", status.value)

    def give_up(self, job: Job) -> None:
        """The job's last delivery failed and its message is going to the DLQ: the item must not
        stay PROCESSING (or AWAITING_UPLOAD) for ever. Best effort: the DLQ keeps the message, and
        the dead-letter sweep marks the item if this does not (processors/dead_letters.py)."""
        try:
            dead_letters.give_up(self._repository, job, self._clock)
        except Exception:
            logger.exception("Could not mark the item FAILED after its last attempt")

    def _not_claimed(self, job: Job) -> Result:
        current = self._repository.get(job.owner, job.media_id)
        if is_gone(current):
            # Gone, or going (a delete never stops halfway for good): an original that landed after
            # the delete's sweep, from a presigned POST still valid, belongs to nobody.
            self._storage.delete_original(keys.original_key(job.owner, job.media_id))
            logger.info("Item deleted: its original removed", extra={"media_id": job.media_id})
            return Result.GONE
        assert current is not None  # is_gone covers a missing item
        if not is_terminal(current.status):
            raise ItemBusy(f"item {job.media_id} is held by attempt {current.attempt}; try again later")
        logger.info("Nothing to do: item finished", extra={"media_id": job.media_id})
        return Result.SKIPPED

    def _outcome(self, item: MediaItem, times: StepTimes) -> Outcome:
        key = keys.original_key(item.owner, item.id)
        stored = self._storage.head_original(key)
        if stored is None:
            return _failed(ErrorCode.PROCESSING_ERROR, "The uploaded file could not be found.")
        # The item owns its original now: off the lifecycle rule that expires unclaimed strays.
        self._storage.keep_original(key)
        rules = self._config.rules
        # Before reading, so an original over its limit is never read into memory (examine checks
        # the bytes again: a local file has no head).
        if problem := check_size(stored.size, item.kind, rules.limits, declared_size=item.size):
            return Refused(MediaStatus.REJECTED, problem)
        with tempfile.TemporaryFile(prefix="original-") as spool:
            # The version we checked is the version we process, even if the key is written again
            # meanwhile. To disk, not memory: a video may be gigabytes (processors/original.py).
            with times.step(Step.DOWNLOAD):
                self._storage.download_original(key, spool, stored.etag)
                spool.flush()
            kind = {Dimension.KIND: kind_value(item.kind)}
            self._metrics.record(Metric.BYTES_IN, spool.tell(), kind)
            preset = rules.preset(item.preset)
            # An image is decoded whole: read it so; a video or a song is mapped, read where needed.
            with mapped(spool, whole=item.kind is MediaKind.IMAGE) as data:
                examined = examine(
                    data,
                    rules,
                    preset,
                    Declared.of(item),
                    media=self._media,
                    log_extra={"media_id": item.id},
                    times=times,
                )
        if isinstance(examined.outcome, Refused):
            return examined.outcome
        rendering = examined.outcome
        # Published with the step times once the item is finished (not if our claim was lost).
        times.renditions.extend(
            (rendition.role, rendition.milliseconds) for rendition in rendering.renditions
        )
        try:
            with times.step(Step.UPLOAD):
                variants = self._write(item, preset, rendering)
        finally:
            rendering.discard()  # stored or not, the files go: the function's /tmp is reused
        self._metrics.record(Metric.BYTES_OUT, sum(variant.bytes for variant in variants), kind)
        metadata = {
            **rendering.metadata,
            "detectedType": examined.real_type,
            "preset": preset.name,
            # What the outputs were made with: a rerun of a bulk reprocess skips items already made so.
            "presetFingerprint": preset.fingerprint,
            "sourceEtag": stored.etag.strip('"'),
        }
        return Processed(
            variants=variants,
            metadata=metadata,
            blurhash=rendering.blurhash,
            dominant_color=rendering.dominant_color,
        )

    def _write(self, item: MediaItem, preset: Preset, rendering: Rendering) -> tuple[Variant, ...]:
        """Upload every output at once: each PUT is a network round trip, and they do not depend
        on each other. Any failure raises, after the others finished (nothing is left half-sent).
        An output made of several files (a stream) lies in a folder of its own, so that what its
        playlist names relative to it is found beside it."""
        variants: list[Variant] = []
        files: list[tuple[str, bytes | Path, str]] = []
        for rendition in rendering.renditions:
            stored_as = f"{rendition.name}-{preset.fingerprint}"
            if rendition.beside:
                folder = keys.variant_folder(item.owner, item.id, stored_as)
                assert isinstance(rendition.data, Path)  # a file with others beside it
                key = folder + rendition.data.name
                files += [(folder + path.name, path, stream_file_type(path)) for path in rendition.beside]
            else:
                key = keys.variant_key(item.owner, item.id, stored_as, rendition.format.extension)
            variants.append(_variant(rendition, key))
            files.append((key, rendition.data, rendition.content_type))
        with ThreadPoolExecutor(max_workers=PARALLEL_UPLOADS) as pool:
            uploads = [pool.submit(self._storage.write_output, *file) for file in files]
        for upload in uploads:
            upload.result()
        return tuple(variants)

    def _remove_replaced(self, item: MediaItem, outcome: Processed) -> None:
        """A reprocessed item listed its old outputs until this attempt's READY replaced them: only
        now may they go, so the item was viewable throughout. Best effort: an output left behind by
        a crash here is listed nowhere (no URL is ever made for it) and goes with the item's delete,
        which sweeps its whole prefix."""
        replaced = set(item.variants) - set(outcome.variants)
        replaced_keys = {v.key for v in replaced} - {v.key for v in outcome.variants}
        if not replaced_keys:
            return
        try:
            self._storage.delete_output_keys(sorted(replaced_keys))
            for stream in (v for v in replaced if v.key in replaced_keys and v.role is VariantRole.STREAM):
                self._storage.delete_output_folder(stream.key.rsplit("/", 1)[0] + "/")
        except Exception:
            logger.exception("Could not remove replaced outputs", extra={"media_id": item.id})

    def _lost(self, item: MediaItem) -> Result:
        current = self._repository.get(item.owner, item.id)
        if is_gone(current):
            # Deleted (or being deleted) while we worked: what we wrote belongs to nobody, and the
            # delete's own sweep may have run before our last write landed.
            self._storage.delete_outputs(item.owner, item.id)
        logger.warning("Claim lost before finishing", extra={"media_id": item.id, "attempt": item.attempt})
        return Result.LOST

    def _release_quietly(self, item: MediaItem) -> None:
        try:
            # Storage or table trouble (the only errors that reach here): UNAVAILABLE in its history.
            self._repository.release(item, now=self._clock(), code=ErrorCode.UNAVAILABLE)
        except Exception:
            logger.exception("Could not release the claim; it will lapse by itself")


def _variant(rendition: Rendition, key: str) -> Variant:
    return Variant(
        name=rendition.name,
        format=rendition.format.value,
        width=rendition.width,
        height=rendition.height,
        bytes=rendition.size,
        key=key,
        content_type=rendition.content_type,
        role=rendition.variant_role,
        animated=rendition.animated,
        duration_s=rendition.duration_s,
        bitrate=rendition.bitrate,
        codecs=rendition.codecs,
    )


def _failed(code: ErrorCode, message: str) -> Refused:
    return Refused(MediaStatus.FAILED, ItemError(code, message))
