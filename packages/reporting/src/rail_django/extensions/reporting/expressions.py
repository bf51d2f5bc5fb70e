"""Dimensions and metrics as ORM expressions: everything reaches SQL through Django's ORM.

No SQL is written from user text: field paths are resolved against the models first, transforms
and aggregations come from closed lists, and a percentile's fraction is a parsed float.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Aggregate,
    Avg,
    Count,
    F,
    FloatField,
    Max,
    Min,
    StdDev,
    Sum,
    TextField,
    Variance,
)
from django.db.models.functions import Cast, Extract, Trunc

from rail_django.extensions.reporting.definitions import Dimension, Metric


class Percentile(Aggregate):
    """PostgreSQL's ``PERCENTILE_CONT(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        # A float the definition parsed (0..1), written with repr: never text from a request.
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def dimension_expression(dimension: Dimension, tzinfo: dt.tzinfo | None) -> Any:
    """The grouping key of ``dimension``; date-times are cut in ``tzinfo`` (the site's or the
    query's time zone)."""
    field = F(dimension.path.lookup)
    zone = tzinfo if dimension.path.is_datetime else None
    if dimension.transform == "trunc":
        return Trunc(field, dimension.part, tzinfo=zone)
    if dimension.transform == "extract":
        return Extract(field, dimension.part, tzinfo=zone)
    return field


def metric_expression(metric: Metric) -> Any:
    """The aggregate of ``metric``."""
    aggregation = metric.aggregation
    if metric.path is None:
        return Count("pk")
    field = F(metric.path.lookup)
    if aggregation == "count":
        return Count(field)
    if aggregation == "distinct_count":
        return Count(field, distinct=True)
    simple = {"sum": Sum, "avg": Avg, "min": Min, "max": Max}
    if aggregation in simple:
        return simple[aggregation](field)
    if aggregation == "stddev":
        return StdDev(field, sample=True)
    if aggregation == "variance":
        return Variance(field, sample=True)
    if aggregation == "percentile":
        return Percentile(field, metric.fraction)
    # The PostgreSQL-only aggregates: imported here, as only PostgreSQL datasets reach them.
    from django.contrib.postgres.aggregates import ArrayAgg, StringAgg

    if aggregation == "list":
        return ArrayAgg(field)
    if aggregation == "concat":
        return StringAgg(Cast(field, TextField()), delimiter=", ")
    raise ValueError(f"unknown aggregation {aggregation!r}")  # parse_metric refuses it first
