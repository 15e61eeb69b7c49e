"""The metric catalogue (app/domain/metrics.py) published as CloudWatch embedded metric format, by
Powertools: one JSON line on stdout per data point, which Lambda's log stream carries to CloudWatch
(no API call, no IAM) and the embedded stack's worker prints as it is.

Each point goes through Powertools' `single_metric`, not the shared `Metrics` set: a set holds one
value per dimension for all its metrics, while one invocation reports several kinds, outcomes and
steps. The `Metrics` instance still flushes per invocation (its `log_metrics` wraps the handler)
and captures the cold start.
"""

from __future__ import annotations

from aws_lambda_powertools import Metrics, single_metric
from aws_lambda_powertools.metrics import MetricUnit

from app.domain.metrics import CATALOGUE, NAMESPACE, Dimension, Metric, check_dimensions


def powertools_metrics() -> Metrics:
    """The function's Metrics: the catalogue's namespace, the service from POWERTOOLS_SERVICE_NAME."""
    return Metrics(namespace=NAMESPACE)


class EmfMetrics:
    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def record(self, metric: Metric, value: float, dimensions: dict[Dimension, str]) -> None:
        check_dimensions(metric, dimensions)
        # The service dimension as Powertools' own Metrics would add it, when a service is named.
        service = self._metrics.service
        defaults = {"service": str(service)} if service else {}
        with single_metric(
            name=metric.value,
            unit=MetricUnit(CATALOGUE[metric].unit.value),
            value=value,
            namespace=NAMESPACE,
            default_dimensions=defaults,
        ) as point:
            for name, dimension_value in dimensions.items():
                point.add_dimension(name=name.value, value=dimension_value)
