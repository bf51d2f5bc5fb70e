"""Dimensions and metrics: what a dataset (or a grouping query) groups by and computes.

A definition is written as data (``{"field": "created_at", "transform": "trunc:month", "name":
"month"}``) and parsed once into a frozen :class:`Dimension` or :class:`Metric` checked against the
source model and the database vendor. Every problem is collected, so an admin sees all of them at
once, each naming the entry it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from rail_django.extensions.reporting.field_paths import (
    DATE,
    DATETIME,
    INTEGER,
    LIST,
    NUMBER,
    NUMERIC_KINDS,
    STRING,
    TEMPORAL_KINDS,
    FieldFinder,
    FieldPath,
    PathError,
    django_field,
    resolve_path,
)

#: ``trunc:<kind>`` values (Django's ``Trunc`` kinds).
TRUNC_KINDS = ("year", "quarter", "month", "week", "day", "hour", "minute")
#: ``extract:<part>`` values; ``dow`` is the guide's name for Django's ``week_day``.
EXTRACT_PARTS = {
    "year": "year",
    "iso_year": "iso_year",
    "quarter": "quarter",
    "month": "month",
    "week": "week",
    "day": "day",
    "dow": "week_day",
    "week_day": "week_day",
    "iso_week_day": "iso_week_day",
    "hour": "hour",
    "minute": "minute",
}
#: Parts that need a time of day.
_TIME_PARTS = frozenset({"hour", "minute"})

#: Aggregations every database computes.
PORTABLE_AGGREGATIONS = ("count", "distinct_count", "sum", "avg", "min", "max")
#: Aggregations only PostgreSQL computes (``percentile:<p>`` besides these).
POSTGRES_AGGREGATIONS = ("list", "concat", "stddev", "variance")
_NUMERIC_ONLY = frozenset({"sum", "avg", "stddev", "variance", "percentile"})
_ORDERED_ONLY = frozenset({"min", "max"})


class DefinitionError(ValueError):
    """Invalid definitions; ``problems`` holds one readable message per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Dimension:
    """One grouping key: ``path`` with an optional ``transform`` (``trunc:month``)."""

    name: str
    label: str
    path: FieldPath
    transform: str | None = None  # "trunc" or "extract"
    part: str | None = None  # the trunc kind or extract part

    @property
    def kind(self) -> str:
        if self.transform == "extract":
            return INTEGER
        if self.transform == "trunc":
            return DATETIME if self.path.is_datetime else DATE
        return self.path.kind


@dataclass(frozen=True)
class Metric:
    """One computed column: ``aggregation`` over ``path`` (``None``: every row, for counts)."""

    name: str
    label: str
    aggregation: str
    path: FieldPath | None
    fraction: float | None = None  # percentile:<fraction>

    @property
    def kind(self) -> str:
        if self.aggregation in ("count", "distinct_count"):
            return INTEGER
        if self.aggregation == "list":
            return LIST
        if self.aggregation == "concat":
            return STRING
        if self.aggregation in ("min", "max") and self.path is not None:
            return self.path.kind
        return NUMBER


def _entries(raw: Any, what: str, problems: list[str]) -> list[Mapping[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        problems.append(_("%(what)s must be a list of objects.") % {"what": what})
        return []
    entries = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            problems.append(
                _("%(what)s[%(index)s] must be an object.") % {"what": what, "index": index}
            )
        else:
            entries.append(entry)
    return entries


def _name(entry: Mapping[str, Any], default: str) -> str:
    name = str(entry.get("name") or default).strip()
    return name.replace("__", "_").replace(".", "_")


def parse_dimension(
    model: type[Model], entry: Mapping[str, Any], find: FieldFinder = django_field
) -> Dimension:
    """One dimension; ``DefinitionError`` naming what is wrong."""
    unknown = sorted(set(entry) - {"field", "name", "label", "transform"})
    if unknown:
        raise DefinitionError([_("unknown keys %(keys)s") % {"keys": ", ".join(unknown)}])
    try:
        path = resolve_path(model, entry.get("field"), find)
    except PathError as error:
        raise DefinitionError([str(error)]) from None
    name = _name(entry, path.lookup)
    transform, part = None, None
    raw = entry.get("transform")
    if raw:
        transform, _sep, part = str(raw).partition(":")
        if transform == "trunc":
            if part not in TRUNC_KINDS:
                raise DefinitionError([_unknown_part(raw, TRUNC_KINDS, "trunc")])
        elif transform == "extract":
            if part not in EXTRACT_PARTS:
                raise DefinitionError([_unknown_part(raw, EXTRACT_PARTS, "extract")])
            part = EXTRACT_PARTS[part]
        else:
            raise DefinitionError(
                [_("transform %(value)r must be trunc:<kind> or extract:<part>") % {"value": raw}]
            )
        if path.kind not in TEMPORAL_KINDS:
            raise DefinitionError(
                [
                    _("%(transform)s needs a date or date-time field; %(field)s is not one")
                    % {"transform": raw, "field": path.lookup}
                ]
            )
        if path.kind == DATE and part in _TIME_PARTS:
            message = _("%(field)s is a date: it has no %(part)s")
            raise DefinitionError([message % {"field": path.lookup, "part": part}])
    label = str(entry.get("label") or name.replace("_", " ").capitalize())
    return Dimension(name, label, path, transform, part)


def _unknown_part(raw: Any, allowed: Iterable[str], transform: str) -> str:
    return _("transform %(value)r is not one of %(allowed)s") % {
        "value": raw,
        "allowed": ", ".join(f"{transform}:{part}" for part in allowed),
    }


def parse_metric(
    model: type[Model],
    entry: Mapping[str, Any],
    vendor: str,
    find: FieldFinder = django_field,
) -> Metric:
    """One metric; ``vendor`` is the database's (``"postgresql"`` unlocks the accelerators)."""
    unknown = sorted(set(entry) - {"field", "name", "label", "aggregation"})
    if unknown:
        raise DefinitionError([_("unknown keys %(keys)s") % {"keys": ", ".join(unknown)}])
    aggregation, fraction = _aggregation(entry.get("aggregation"), vendor)
    raw_field = entry.get("field")
    path = None
    if raw_field not in (None, ""):
        try:
            path = resolve_path(model, raw_field, find)
        except PathError as error:
            raise DefinitionError([str(error)]) from None
    elif aggregation != "count":
        raise DefinitionError([_("%(aggregation)s needs a field") % {"aggregation": aggregation}])
    family = "percentile" if fraction is not None else aggregation
    if path is not None and family in _NUMERIC_ONLY and path.kind not in NUMERIC_KINDS:
        raise DefinitionError(
            [
                _("%(aggregation)s needs a number field; %(field)s is a %(kind)s")
                % {"aggregation": aggregation, "field": path.lookup, "kind": path.kind}
            ]
        )
    if path is not None and family in _ORDERED_ONLY and path.kind in ("json", "boolean"):
        raise DefinitionError(
            [
                _("%(aggregation)s cannot order %(kind)s values (%(field)s)")
                % {"aggregation": aggregation, "kind": path.kind, "field": path.lookup}
            ]
        )
    default = f"{path.lookup if path else 'row'}_{family}"
    name = _name(entry, default)
    label = str(entry.get("label") or name.replace("_", " ").capitalize())
    return Metric(name, label, aggregation, path, fraction)


def _aggregation(raw: Any, vendor: str) -> tuple[str, float | None]:
    text = str(raw or "").strip().lower()
    fraction = None
    if text.startswith("percentile:"):
        try:
            fraction = float(text.partition(":")[2])
        except ValueError:
            fraction = None
        if fraction is None or not 0 <= fraction <= 1:
            message = _("percentile needs a fraction between 0 and 1 (percentile:0.95), not %(v)r")
            raise DefinitionError([message % {"v": raw}])
        family = "percentile"
    elif text in PORTABLE_AGGREGATIONS or text in POSTGRES_AGGREGATIONS:
        family = text
    else:
        allowed = [*PORTABLE_AGGREGATIONS, *POSTGRES_AGGREGATIONS, "percentile:<p>"]
        raise DefinitionError(
            [
                _("aggregation %(value)r is not one of %(allowed)s")
                % {"value": raw, "allowed": ", ".join(allowed)}
            ]
        )
    if family not in PORTABLE_AGGREGATIONS and vendor != "postgresql":
        raise DefinitionError(
            [
                _("aggregation %(value)r needs PostgreSQL (this database is %(vendor)s)")
                % {"value": raw, "vendor": vendor}
            ]
        )
    return text if fraction is None else "percentile", fraction


@dataclass(frozen=True)
class Definitions:
    """A dataset's parsed dimensions and metrics, their names unique."""

    dimensions: tuple[Dimension, ...]
    metrics: tuple[Metric, ...]

    @property
    def columns(self) -> tuple[Dimension | Metric, ...]:
        return (*self.dimensions, *self.metrics)

    def column(self, name: str) -> Dimension | Metric | None:
        return next((c for c in self.columns if c.name == name), None)


def parse_definitions(
    model: type[Model],
    dimensions: Any,
    metrics: Any,
    vendor: str,
    find: FieldFinder = django_field,
) -> Definitions:
    """Every dimension and metric of a dataset; one ``DefinitionError`` listing every problem."""
    problems: list[str] = []
    parsed_dimensions: list[Dimension] = []
    parsed_metrics: list[Metric] = []
    for index, entry in enumerate(_entries(dimensions, "dimensions", problems)):
        try:
            parsed_dimensions.append(parse_dimension(model, entry, find))
        except DefinitionError as error:
            problems.extend(f"dimensions[{index}]: {p}" for p in error.problems)
    for index, entry in enumerate(_entries(metrics, "metrics", problems)):
        try:
            parsed_metrics.append(parse_metric(model, entry, vendor, find))
        except DefinitionError as error:
            problems.extend(f"metrics[{index}]: {p}" for p in error.problems)
    seen: set[str] = set()
    for column in (*parsed_dimensions, *parsed_metrics):
        if column.name in seen:
            problems.append(_("two columns are named %(name)r") % {"name": column.name})
        seen.add(column.name)
    if not problems and not parsed_dimensions and not parsed_metrics:
        problems.append(_("a dataset needs at least one dimension or metric"))
    if problems:
        raise DefinitionError(problems)
    return Definitions(tuple(parsed_dimensions), tuple(parsed_metrics))


__all__ = [
    "DefinitionError",
    "Definitions",
    "Dimension",
    "Metric",
    "parse_definitions",
    "parse_dimension",
    "parse_metric",
]
