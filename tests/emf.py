"""Reading and checking what the functions print as CloudWatch embedded metric format."""

from __future__ import annotations

import json
from typing import Any

from app.domain.metrics import CATALOGUE, DIMENSION_VALUES, NAMESPACE, Dimension, Metric

# What Powertools adds beside the catalogue's own dimensions.
SERVICE = "service"


def json_lines(output: str) -> list[dict[str, Any]]:
    lines = []
    for line in output.splitlines():
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            lines.append(value)
    return lines


def emf_points(output: str) -> list[dict[str, Any]]:
    """Every embedded-metric document in the output, checked against the EMF structure and the
    catalogue; each returned as {"name", "unit", "value", "dimensions"}."""
    points = []
    for document in json_lines(output):
        if "_aws" not in document:
            continue
        aws = document["_aws"]
        assert isinstance(aws["Timestamp"], int)
        for directive in aws["CloudWatchMetrics"]:
            assert directive["Namespace"] == NAMESPACE
            (dimension_set,) = directive["Dimensions"]
            for definition in directive["Metrics"]:
                name = definition["Name"]
                value = document[name]
                if isinstance(value, list):  # Powertools writes a list of values, one per point here
                    (value,) = value
                dimensions = {key: document[key] for key in dimension_set}
                if name == "ColdStart":  # Powertools' own, with its function_name dimension
                    points.append({"name": name, "unit": definition["Unit"], "value": value,
                                   "dimensions": dimensions})  # fmt: skip
                    continue
                spec = CATALOGUE[Metric(name)]
                assert definition["Unit"] == spec.unit.value
                assert set(dimension_set) - {SERVICE} == {d.value for d in spec.dimensions}, name
                for key, dimension_value in dimensions.items():
                    if key != SERVICE:
                        assert dimension_value in DIMENSION_VALUES[Dimension(key)], (
                            name,
                            key,
                            dimension_value,
                        )
                points.append(
                    {"name": name, "unit": definition["Unit"], "value": value, "dimensions": dimensions}
                )
    return points
