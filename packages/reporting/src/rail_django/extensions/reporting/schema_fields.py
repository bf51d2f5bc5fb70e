"""What a schema exposes of each model to group by, computed once per schema build.

Grouping queries name fields as the schema does (``customer.country`` or ``customer__country``,
each hop an exposed field in its schema spelling, camelCase or snake_case): a field the schema
does not expose cannot be grouped or aggregated, whatever its name.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import ForeignObjectRel, Model

from rail_django.extensions.reporting.field_paths import FieldFinder, schema_field_finder


def snake_case(name: str) -> str:
    """``OrderItem`` -> ``order_item``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _field_object(model: type[Model], name: str) -> Any:
    for related in model._meta.related_objects:
        if isinstance(related, ForeignObjectRel) and related.get_accessor_name() == name:
            return related
    try:
        return model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist: a property or an attribute, not groupable
        return None


def exposed_names(context: Any) -> dict[type[Model], dict[str, Any]]:
    """Per model of the schema: each exposed field by its schema name and its Django name."""
    names: dict[type[Model], dict[str, Any]] = {}
    for model in context.models:
        fields: dict[str, Any] = {}
        for name in context.exposed_fields(model):
            field = _field_object(model, name)
            if field is None:
                continue
            fields[name] = field
            fields[context.field_name(name)] = field
        if model._meta.pk is not None:
            fields.setdefault("pk", model._meta.pk)
        names[model] = fields
    return names


def schema_finder(context: Any) -> FieldFinder:
    """A finder that reads only the fields ``context``'s schema exposes."""
    return schema_field_finder(exposed_names(context))


def type_name(context: Any, model: type[Model]) -> str:
    """The GraphQL type name core gave ``model`` in this schema."""
    return context.object_type(model)._meta.name
