"""The metric catalogue: every metric the functions publish, its unit, and the dimensions it may
carry, with the only values those dimensions may take.

One source of truth for the processor, the API, the dashboard's documentation and the tests.
Dimensions are low-cardinality by construction: each is a closed set named here, so an owner, an
id, a key or a file name can never become one (a CloudWatch dimension value is a new time series,
billed, and visible to whoever reads the metrics). Pure: the publishing (Powertools, embedded
metric format) is an adapter (app/adapters/emf_metrics.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from app.domain.models import MediaKind

NAMESPACE = "MediaPipeline"


class Unit(StrEnum):
    """CloudWatch's unit names (the ones Powertools' MetricUnit carries)."""

    COUNT = "Count"
    MILLISECONDS = "Milliseconds"
    BYTES = "Bytes"


class Metric(StrEnum):
    ITEMS_FINISHED = "ItemsFinished"  # outcome REJECTED counts the rejections: no metric of its own
    PROCESSING_TIME = "ProcessingTime"  # one item's whole processing, claim to finish
    STEP_TIME = "StepTime"
    RENDITION_TIME = "RenditionTime"  # the making of one output, by its role
    BYTES_IN = "BytesIn"
    BYTES_OUT = "BytesOut"
    QUEUE_LAG = "QueueLag"  # the S3 event's time to the claim
    RETRIES = "Retries"  # a claim that is not the item's first attempt
    UPLOADS_CREATED = "UploadsCreated"  # the API: presigned uploads handed out


class Step(StrEnum):
    """The timed steps of one item, in the order they run."""

    DOWNLOAD = "download"  # the original read from storage
    SNIFF = "sniff"  # its real type from its first bytes
    # The source read: an image's pixels decoded and made displayable; a video opened, probed and
    # its poster frame found; an audio track decoded into its peaks.
    DECODE = "decode"
    RENDER = "render"  # every output resized and encoded from what the decode produced
    UPLOAD = "upload"  # the outputs written to storage


class RenditionRole(StrEnum):
    """What an output is for: the closed set of the kinds of output we make (a dimension, so
    never a rendition's name, which carries the preset's widths)."""

    STILL = "still"  # an image's resized still, one per width and format
    POSTER = "poster"  # a video's poster frame as a still, one per width and format
    ANIMATED = "animated"  # an animated image's animated WebP
    PREVIEW = "preview"  # a video's short silent animated WebP
    WAVEFORM = "waveform"  # an audio track's waveform PNG
    VIDEO = "video"  # a video's H.264/AAC MP4 (its making includes every rung's encode)
    STREAM = "stream"  # a video's HLS stream (cutting the rungs into segments)
    AUDIO = "audio"  # a song's M4A or Opus
    PEAKS = "peaks"  # a song's waveform peaks as JSON


class Dimension(StrEnum):
    KIND = "kind"
    OUTCOME = "outcome"
    STEP = "step"
    ROLE = "role"


# The values each dimension may take, and nothing else.
DIMENSION_VALUES: dict[Dimension, frozenset[str]] = {
    Dimension.KIND: frozenset(kind.value.lower() for kind in MediaKind),
    Dimension.OUTCOME: frozenset({"READY", "REJECTED", "FAILED"}),
    Dimension.STEP: frozenset(step.value for step in Step),
    Dimension.ROLE: frozenset(role.value for role in RenditionRole),
}


@dataclass(frozen=True, slots=True)
class MetricSpec:
    unit: Unit
    dimensions: tuple[Dimension, ...]


CATALOGUE: dict[Metric, MetricSpec] = {
    Metric.ITEMS_FINISHED: MetricSpec(Unit.COUNT, (Dimension.KIND, Dimension.OUTCOME)),
    Metric.PROCESSING_TIME: MetricSpec(Unit.MILLISECONDS, (Dimension.KIND, Dimension.OUTCOME)),
    Metric.STEP_TIME: MetricSpec(Unit.MILLISECONDS, (Dimension.KIND, Dimension.STEP)),
    Metric.RENDITION_TIME: MetricSpec(Unit.MILLISECONDS, (Dimension.KIND, Dimension.ROLE)),
    Metric.BYTES_IN: MetricSpec(Unit.BYTES, (Dimension.KIND,)),
    Metric.BYTES_OUT: MetricSpec(Unit.BYTES, (Dimension.KIND,)),
    Metric.QUEUE_LAG: MetricSpec(Unit.MILLISECONDS, (Dimension.KIND,)),
    Metric.RETRIES: MetricSpec(Unit.COUNT, (Dimension.KIND,)),
    Metric.UPLOADS_CREATED: MetricSpec(Unit.COUNT, (Dimension.KIND,)),
}


def kind_value(kind: MediaKind) -> str:
    return kind.value.lower()


class DimensionError(ValueError):
    """A metric's dimensions are not the catalogue's."""


def check_dimensions(metric: Metric, dimensions: dict[Dimension, str]) -> None:
    """Exactly the metric's dimensions, each with one of its allowed values; DimensionError otherwise,
    so a slip (an id passed as a kind) fails loudly in the tests instead of minting time series."""
    expected = set(CATALOGUE[metric].dimensions)
    if set(dimensions) != expected:
        raise DimensionError(f"{metric} takes dimensions {sorted(expected)}, not {sorted(dimensions)}")
    for name, value in dimensions.items():
        if value not in DIMENSION_VALUES[name]:
            raise DimensionError(f"{value!r} is not a value of the dimension {name}")


class MetricsSink(Protocol):
    """Where the services report their numbers (a port: the adapter publishes them)."""

    def record(self, metric: Metric, value: float, dimensions: dict[Dimension, str]) -> None: ...


class NoMetrics:
    """Counts nothing: for callers with nowhere to publish (`mediapipe process`, most tests)."""

    def record(self, metric: Metric, value: float, dimensions: dict[Dimension, str]) -> None:
        check_dimensions(metric, dimensions)


@dataclass(slots=True)
class StepTimes:
    """A plain recorder the media work writes its step timings into, so that it times itself
    without knowing where the numbers go; the pipeline publishes them when the item is done."""

    milliseconds: dict[Step, float] = field(default_factory=dict)
    # One (role, ms) per output made, in the rendering's order: the pipeline copies them from the
    # renditions, which time themselves, since only the finish publishes (a lost claim publishes nothing).
    renditions: list[tuple[RenditionRole, float]] = field(default_factory=list)

    @contextmanager
    def step(self, step: Step) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.milliseconds[step] = (
                self.milliseconds.get(step, 0.0) + (time.perf_counter() - started) * 1000
            )
