"""What each GraphQL field of a schema's model types reads from the database, built once.

The selection reader looks fields up here by GraphQL type name and field name; everything it
needs (Django name, relation kind, the column a join needs) is decided at build time.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db.models import ForeignObjectRel, Model

from rail_django.core.model_fields import field_map
from rail_django.core.optimizer.model_properties import ModelProperty, model_properties
from rail_django.core.optimizer.plan_cache import PlanCache


class FieldKind(Enum):
    """How a GraphQL field of a model type is loaded."""

    PK = "pk"
    COLUMN = "column"
    TO_ONE = "to_one"  # forward foreign key / one-to-one: a join
    REVERSE_ONE = "reverse_one"  # reverse one-to-one: a join from the other side
    MANY = "many"  # reverse foreign key / many-to-many: a prefetch
    PROPERTY = "property"  # a model_property


@dataclass(frozen=True)
class FieldSpec:
    """One GraphQL field of a model type.

    ``name`` is the Django name (accessor for reverse relations); ``related`` the related model;
    ``child_column`` the field the related rows must load for Django to match them to their
    parent (the foreign key of a reverse relation).
    """

    kind: FieldKind
    name: str
    related: type[Model] | None = None
    child_column: str | None = None
    prop: ModelProperty | None = None


@dataclass(frozen=True)
class ModelEntry:
    """A model type: its model and its fields by GraphQL name."""

    model: type[Model]
    type_name: str
    fields: dict[str, FieldSpec]


def _spec(name: str, field: Any) -> FieldSpec:
    if not field.is_relation:
        return FieldSpec(FieldKind.COLUMN, name)
    related = field.related_model
    if field.many_to_many:
        return FieldSpec(FieldKind.MANY, name, related)
    if field.one_to_many:
        return FieldSpec(FieldKind.MANY, name, related, child_column=field.field.name)
    if isinstance(field, ForeignObjectRel):
        return FieldSpec(FieldKind.REVERSE_ONE, name, related, child_column=field.field.name)
    return FieldSpec(FieldKind.TO_ONE, name, related)


class ModelIndex:
    """The model types of one schema build, by GraphQL type name and by model."""

    def __init__(self, build: Any) -> None:
        self.schema_name: str = build.schema_name
        self.by_type: dict[str, ModelEntry] = {}
        self.by_model: dict[type[Model], ModelEntry] = {}
        #: The plans of this build (dropped with it).
        self.plans = PlanCache()
        for model in build.models:
            fields: dict[str, FieldSpec] = {"id": FieldSpec(FieldKind.PK, "pk")}
            all_fields = field_map(model)
            for name in build.exposed_fields(model):
                field = all_fields[name]
                primary = getattr(field, "primary_key", False)
                spec = FieldSpec(FieldKind.PK, "pk") if primary else _spec(name, field)
                fields[build.field_name(name)] = spec
            for name, prop in model_properties(model).items():
                fields.setdefault(
                    build.field_name(name), FieldSpec(FieldKind.PROPERTY, name, prop=prop)
                )
            entry = ModelEntry(model, build.type_name(model), fields)
            self.by_type[entry.type_name] = entry
            self.by_model[model] = entry


_indexes: weakref.WeakKeyDictionary[Any, ModelIndex] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def model_index(build: Any) -> ModelIndex:
    """The index of the schema ``build`` builds (made on first use, kept as long as the build)."""
    index = _indexes.get(build)
    if index is None:
        with _lock:
            index = _indexes.get(build)
            if index is None:
                index = ModelIndex(build)
                _indexes[build] = index
    return index
