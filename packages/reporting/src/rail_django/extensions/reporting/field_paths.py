"""Field paths (``customer__country``) resolved against models, hop by hop.

A path is resolved once, when a dataset is validated or a schema is built; what is kept is the
ORM lookup (``customer__country``), the final field's kind and every (model, field) hop, so the
field-access table can be asked about each hop of the path per user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel, Model

#: Column kinds a chart library can switch on.
INTEGER, NUMBER, STRING, BOOLEAN, DATE, DATETIME, TIME, DURATION, JSON, LIST = (
    "integer",
    "number",
    "string",
    "boolean",
    "date",
    "datetime",
    "time",
    "duration",
    "json",
    "list",
)

#: (Django field class, kind), most specific class first.
_KINDS: tuple[tuple[type[models.Field], str], ...] = (
    (models.BooleanField, BOOLEAN),
    (models.AutoField, INTEGER),
    (models.BigAutoField, INTEGER),
    (models.SmallAutoField, INTEGER),
    (models.IntegerField, INTEGER),
    (models.DecimalField, NUMBER),
    (models.FloatField, NUMBER),
    (models.DateTimeField, DATETIME),
    (models.DateField, DATE),
    (models.TimeField, TIME),
    (models.DurationField, DURATION),
    (models.JSONField, JSON),
)

NUMERIC_KINDS = frozenset({INTEGER, NUMBER})
TEMPORAL_KINDS = frozenset({DATE, DATETIME})


class PathError(ValueError):
    """A path that does not name a field (the message is safe to show)."""


def field_kind(field: Any) -> str:
    """The column kind of a model field (a relation: the kind of the row it points to)."""
    if getattr(field, "is_relation", False):
        target = getattr(field, "target_field", None)
        return field_kind(target) if target is not None else INTEGER
    for field_class, kind in _KINDS:
        if isinstance(field, field_class):
            return kind
    return STRING


@dataclass(frozen=True)
class FieldPath:
    """A resolved path: ``lookup`` for the ORM, ``hops`` as (model, field name) pairs."""

    lookup: str
    field: Any
    hops: tuple[tuple[type[Model], str], ...]
    many: bool  # crosses a to-many relation (rows multiply)

    @property
    def kind(self) -> str:
        return field_kind(self.field)

    @property
    def is_datetime(self) -> bool:
        return isinstance(self.field, models.DateTimeField)


#: ``(model, segment) -> field or None``: how a segment names a field of a model.
FieldFinder = Callable[[type[Model], str], Any]


def django_field(model: type[Model], segment: str) -> Any:
    """A segment as Django's ORM reads it (``pk``, field names, reverse query names)."""
    if segment == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(segment)
    except Exception:  # FieldDoesNotExist
        return None


def schema_field_finder(names: Mapping[type[Model], Mapping[str, Any]]) -> FieldFinder:
    """A finder reading only the fields a schema exposes (``names[model][schema name]``)."""

    def find(model: type[Model], segment: str) -> Any:
        return names.get(model, {}).get(segment)

    return find


def resolve_path(model: type[Model], path: str, find: FieldFinder = django_field) -> FieldPath:
    """Resolve ``path`` (``__`` or ``.`` between hops) on ``model``; ``PathError`` when a hop
    names no field or a non-relation is followed by another hop."""
    text = str(path or "").strip()
    segments = [s for s in text.replace(".", "__").split("__")] if text else []
    if not segments or any(not s for s in segments):
        raise PathError(f"{path!r} is not a field path.")
    current = model
    lookups: list[str] = []
    hops: list[tuple[type[Model], str]] = []
    many = False
    field: Any = None
    for index, segment in enumerate(segments):
        field = find(current, segment)
        if field is None:
            raise PathError(f"{current.__name__} has no field {segment!r} (in {path!r}).")
        name = field.name
        # Field access is keyed by the attribute a type serves: a reverse relation's accessor.
        hop = field.get_accessor_name() if isinstance(field, ForeignObjectRel) else name
        hops.append((current, hop))
        lookups.append(name)
        last = index == len(segments) - 1
        if not last:
            if not field.is_relation or field.related_model is None:
                raise PathError(f"{current.__name__}.{name} is not a relation (in {path!r}).")
            many = many or bool(field.many_to_many or field.one_to_many)
            current = field.related_model
        elif field.many_to_many or field.one_to_many:
            many = True
    return FieldPath("__".join(lookups), field, tuple(hops), many)
