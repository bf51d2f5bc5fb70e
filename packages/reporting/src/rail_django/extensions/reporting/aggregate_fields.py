"""``<model>Aggregate``: count, sums, averages, minimums and maximums next to a model's list.

::

    orderAggregate(where: {status: {eq: "paid"}}) {
      count
      sum { totalAmount }
      avg { totalAmount }
      max { createdAt }
    }

The types are built per model at schema build time (a field per exposed number, date or
date-time field); a request computes only what its document selects, in one SQL query over the
pipeline's queryset (scope, then ``where``). A field the caller may not read is refused.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.db import models
from django.db.models import Avg, Count, F, Max, Min, Sum
from django.utils.translation import gettext as _
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.core.types import ScalarConverter
from rail_django.extensions.reporting.access import (
    ensure_model_access,
    request_user,
)
from rail_django.extensions.reporting.field_paths import django_field, field_kind
from rail_django.extensions.reporting.grouping_query import json_value
from rail_django.extensions.reporting.runner import scoped_queryset
from rail_django.extensions.reporting.schema_fields import type_name

_FUNCTIONS = {"sum": Sum, "avg": Avg, "min": Min, "max": Max}


def _selections(info: Any, selection_set: Any) -> list[FieldNode]:
    """The fields of ``selection_set``, through inline fragments and fragment spreads."""
    found: list[FieldNode] = []
    for node in getattr(selection_set, "selections", None) or ():
        if isinstance(node, FieldNode):
            found.append(node)
        elif isinstance(node, InlineFragmentNode):
            found.extend(_selections(info, node.selection_set))
        elif isinstance(node, FragmentSpreadNode):
            fragment = info.fragments.get(node.name.value)
            if fragment is not None:
                found.extend(_selections(info, fragment.selection_set))
    return found


def _eligible(context: Any, model: type[models.Model]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(number fields, ordered fields) of ``model`` exposed in the schema, by Django name; an
    ordered field maps to its GraphQL type and value adapter (the schema's ``custom_scalars``)."""
    converter = ScalarConverter(context.settings)
    numbers: dict[str, Any] = {}
    ordered: dict[str, Any] = {}
    for name in context.exposed_fields(model):
        field = django_field(model, name)  # None: a reverse accessor, nothing to aggregate
        if field is None or field.is_relation or not getattr(field, "concrete", False):
            continue
        kind = field_kind(field)
        if kind in ("integer", "number"):
            numbers[name] = field
            ordered[name] = (graphene.Float, json_value)
        elif kind == "datetime":
            ordered[name] = _conversion(converter.scalar("DateTime"))
        elif kind == "date":
            ordered[name] = _conversion(converter.scalar("Date"))
    return numbers, ordered


def _conversion(conversion: Any) -> tuple[Any, Any]:
    return conversion.graphql_type, conversion.adapt


def aggregate_field(context: Any, model: type[models.Model]) -> graphene.Field:
    """The ``<model>_aggregate`` root field (``count`` only, for a model without number or
    date fields)."""
    runtime = context.runtime
    base = type_name(context, model)
    numbers, ordered = _eligible(context, model)
    attributes: dict[str, Any] = {
        "count": graphene.Int(required=True, description="Rows matching where.")
    }
    if numbers:
        number_type = type(
            f"{base}AggregateNumbers",
            (graphene.ObjectType,),
            {name: graphene.Float() for name in numbers},
        )
        attributes["sum"] = graphene.Field(number_type)
        attributes["avg"] = graphene.Field(number_type)
    if ordered:
        range_type = type(
            f"{base}AggregateRange",
            (graphene.ObjectType,),
            {name: scalar() for name, (scalar, _adapt) in ordered.items()},
        )
        attributes["min"] = graphene.Field(range_type)
        attributes["max"] = graphene.Field(range_type)
    result_type = type(f"{base}Aggregate", (graphene.ObjectType,), attributes)
    # Schema spelling -> Django name, per function (what a document may select).
    names = {
        "sum": {context.field_name(n): n for n in numbers},
        "avg": {context.field_name(n): n for n in numbers},
        "min": {context.field_name(n): n for n in ordered},
        "max": {context.field_name(n): n for n in ordered},
    }
    arguments: dict[str, Any] = {}
    where = runtime.list_arguments.get("where")
    built = where.build(context, model) if where is not None else None
    if built is not None:
        arguments["where"] = built

    def resolve(root: Any, info: Any, **kwargs: Any) -> dict[str, Any]:
        user = request_user(info)
        ensure_model_access(runtime, model, user)
        wanted: dict[str, Any] = {}
        for node in info.field_nodes:
            for top in _selections(info, node.selection_set):
                function = top.name.value
                if function == "count":
                    wanted["count"] = Count("pk")
                elif function in names:
                    for inner in _selections(info, top.selection_set):
                        name = names[function].get(inner.name.value)
                        if name is not None:
                            _ensure_readable(runtime, user, model, name, info.context)
                            wanted[f"{function}__{name}"] = _FUNCTIONS[function](F(name))
        queryset = scoped_queryset(runtime, model, user, info.context, kwargs.get("where"))
        raw = queryset.order_by().aggregate(**wanted) if wanted else {}
        result: dict[str, Any] = {"count": raw.get("count", 0)}
        for function in names:
            result[function] = {}
        for key, value in raw.items():
            if key != "count":
                function, name = key.split("__", 1)
                if function in ("min", "max"):
                    adapt = ordered[name][1]
                    value = value if value is None or adapt is None else adapt(value)
                else:
                    value = json_value(value)
                result[function][name] = value
        return result

    return graphene.Field(
        result_type,
        args=arguments,
        resolver=resolve,
        description=f"Count, sums, averages and ranges of {model._meta.verbose_name_plural}.",
    )


def _ensure_readable(runtime: Any, user: Any, model: Any, name: str, context: Any) -> None:
    if not runtime.field_access.readable(user, model, name, context=context):
        raise RailError(
            _("You may not aggregate %(field)s.") % {"field": f"{model.__name__}.{name}"},
            ErrorCode.PERMISSION_DENIED,
        )
