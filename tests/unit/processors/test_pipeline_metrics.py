"""The pipeline's metrics, published through the real EMF adapter and read back from stdout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aws_lambda_powertools import Metrics

from app.adapters.emf_metrics import EmfMetrics
from app.domain import keys
from app.domain.jobs import Job
from app.domain.limits import Limits
from app.domain.metrics import NAMESPACE, Dimension, DimensionError, Metric, NoMetrics, check_dimensions
from app.domain.presets import BUILTIN_PRESETS
from app.domain.rules import Rules
from processors.pipeline import Pipeline, PipelineConfig, Result
from tests import media_factory as images
from tests.emf import emf_points
from tests.factories import media_item
from tests.fakes import FakeClock, InMemoryRepository, InMemoryStorage

OWNER = "owner-metrics"
ID = "01JD2W3X4Y5Z6A7B8C9D0METR1"
CONFIG = PipelineConfig(
    rules=Rules(BUILTIN_PRESETS, "default", Limits(), frozenset({"image/jpeg"})),
    lease=timedelta(seconds=60),
)


def run(
    data: bytes,
    *,
    event_lag_s: float | None = None,
    attempts: int = 1,
    storage: InMemoryStorage | None = None,
) -> tuple[Result, list[tuple[str, object]]]:
    clock = FakeClock()
    repository = InMemoryRepository()
    storage = storage if storage is not None else InMemoryStorage()
    annotations: list[tuple[str, object]] = []
    pipeline = Pipeline(
        repository,
        storage,
        CONFIG,
        clock=clock,
        metrics=EmfMetrics(Metrics(namespace=NAMESPACE, service="mediapipe-test")),
        annotate=lambda key, value: annotations.append((key, value)),
    )
    repository.create(
        media_item(owner=OWNER, id=ID, filename="f.jpg", content_type="image/jpeg", size=len(data),
                   created_at=clock(), updated_at=clock(), attempt=attempts - 1)
    )  # fmt: skip
    storage.originals[keys.original_key(OWNER, ID)] = data
    event_time = clock() - timedelta(seconds=event_lag_s) if event_lag_s is not None else None
    return pipeline.run(Job(OWNER, ID, event_time=event_time)), annotations


def by_name(points: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    named: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        named.setdefault(str(point["name"]), []).append(point)
    return named


def test_a_ready_image_reports_its_outcome_steps_bytes_and_lag(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN an image whose S3 event is 2.5 s old
    data = images.jpeg(640, 480)
    # WHEN the pipeline processes it
    result, annotations = run(data, event_lag_s=2.5)
    # THEN the EMF lines hold the catalogue's metrics with the item's kind and outcome
    points = by_name(emf_points(capsys.readouterr().out))
    assert result is Result.READY
    (finished,) = points["ItemsFinished"]
    assert finished["value"] == 1
    assert finished["dimensions"] == {"service": "mediapipe-test", "kind": "image", "outcome": "READY"}
    assert points["ProcessingTime"][0]["dimensions"]["outcome"] == "READY"
    assert {p["dimensions"]["step"] for p in points["StepTime"]} == {
        "download",
        "sniff",
        "decode",
        "render",
        "upload",
    }
    assert points["BytesIn"][0]["value"] == len(data)
    assert 0 < points["BytesOut"][0]["value"] < len(data) * 10
    assert points["QueueLag"][0]["value"] == 2500
    assert "Retries" not in points
    assert annotations == [("attempt", 1), ("kind", "image"), ("outcome", "READY")]


def test_a_ready_image_reports_one_rendition_time_per_output(capsys: pytest.CaptureFixture[str]) -> None:
    # GIVEN an image, whose outputs are all stills (one per width and format)
    storage = InMemoryStorage()
    # WHEN the pipeline processes it
    result, _ = run(images.jpeg(640, 480), storage=storage)
    # THEN each output written has one RenditionTime, by kind and role only
    points = by_name(emf_points(capsys.readouterr().out))
    assert result is Result.READY
    made = points["RenditionTime"]
    assert len(made) == len(storage.outputs) > 1
    assert all(
        p["dimensions"] == {"service": "mediapipe-test", "kind": "image", "role": "still"} for p in made
    )
    assert all(p["value"] >= 0 for p in made)


def test_a_rejection_is_an_item_finished_rejected_and_a_retry_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result, _ = run(b"not an image at all", attempts=2)
    points = by_name(emf_points(capsys.readouterr().out))
    assert result is Result.REJECTED
    assert [p["dimensions"]["outcome"] for p in points["ItemsFinished"]] == ["REJECTED"]
    assert [p["value"] for p in points["Retries"]] == [1]
    assert "QueueLag" not in points  # a job without an S3 event time has no lag to report
    assert "BytesOut" not in points
    assert "RenditionTime" not in points  # nothing was made


def test_no_dimension_value_is_an_owner_or_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    run(images.jpeg(64, 64), event_lag_s=1)
    points = emf_points(capsys.readouterr().out)
    assert points
    values = {str(v) for point in points for v in point["dimensions"].values()}
    assert not values & {OWNER, ID, keys.original_key(OWNER, ID), "f.jpg"}


@pytest.mark.parametrize(
    ("metric", "dimensions"),
    [
        (Metric.ITEMS_FINISHED, {Dimension.KIND: ID, Dimension.OUTCOME: "READY"}),  # an id as a kind
        (Metric.BYTES_IN, {Dimension.KIND: "image", Dimension.OUTCOME: "READY"}),  # not its dimension
        (Metric.STEP_TIME, {Dimension.KIND: "image", Dimension.STEP: "gossip"}),  # no such step
        (Metric.RENDITION_TIME, {Dimension.KIND: "image", Dimension.ROLE: "w640"}),  # a name, not a role
        (Metric.RENDITION_TIME, {Dimension.KIND: "image", Dimension.STEP: "render"}),  # not its dimension
    ],
)
def test_dimensions_outside_the_catalogue_are_refused(
    metric: Metric, dimensions: dict[Dimension, str]
) -> None:
    with pytest.raises(DimensionError):
        check_dimensions(metric, dimensions)
    with pytest.raises(DimensionError):
        NoMetrics().record(metric, 1, dimensions)
