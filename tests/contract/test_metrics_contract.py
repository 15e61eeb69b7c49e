"""The dashboard and alarms (pulumi/infra/pipeline_metrics.py) name the metrics and dimension values
the functions publish (app/domain/metrics.py): the program may not import the Lambda code."""

from __future__ import annotations

from app.domain.metrics import CATALOGUE, DIMENSION_VALUES, NAMESPACE, Dimension, RenditionRole, Step
from infra import pipeline_metrics


def test_the_dashboard_names_the_catalogue() -> None:
    assert pipeline_metrics.NAMESPACE == NAMESPACE
    assert set(pipeline_metrics.METRICS) == {metric.value for metric in CATALOGUE}
    assert set(pipeline_metrics.KINDS) == DIMENSION_VALUES[Dimension.KIND]
    assert set(pipeline_metrics.OUTCOMES) == DIMENSION_VALUES[Dimension.OUTCOME]
    assert tuple(step.value for step in Step) == pipeline_metrics.STEPS
    assert tuple(role.value for role in RenditionRole) == pipeline_metrics.ROLES
