"""A django-filter ``FilterSet`` per model, generated from the same rules as ``where``.

``filterset_for(Item)`` offers the fields and operators the schema's ``where`` offers, under
django-filter's usual names (``price``, ``price__gt``, ``price__range``, ``released__year__gte``),
so Django views and the export endpoint filter exactly like the GraphQL API::

    from rail_django.filtering import filterset_for

    ItemFilter = filterset_for(Item)
    rows = ItemFilter(request.GET, queryset=Item.objects.all()).qs

Negated operators (``neq``, ``notIn``) become ``exclude`` filters named ``<field>__neq`` and
``<field>__not_in``. JSON fields, relations other than foreign key ids, and quick search are
GraphQL-only.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Model

from rail_django.contracts.schema_runtime import get_schema_runtime
from rail_django.filtering.filter_plan import FieldFilter, SchemaFilterPlans, schema_plans
from rail_django.filtering.operators import Kind, Shape

_PART_LOOKUPS = ("exact", "gt", "gte", "lt", "lte", "in", "range")


def _lookups(entry: FieldFilter) -> list[str]:
    lookups: list[str] = []
    for op in entry.operators.values():
        if op.negate or op.shape in (Shape.KEYS, Shape.TEXT, Shape.TEXTS):
            continue
        if op.shape is Shape.PART:
            lookups += [op.lookup if p == "exact" else f"{op.lookup}__{p}" for p in _PART_LOOKUPS]
        elif op.shape is Shape.DATE:
            lookups += ["date", "date__gt", "date__gte", "date__lt", "date__lte", "date__range"]
        else:
            lookups.append(op.lookup)
    return lookups


def _negated_filters(entry: FieldFilter, path: str, base: Any) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    ops = {op.id for op in entry.operators.values()}
    if "neq" in ops:
        extra[f"{path}__neq"] = base.filter_for_lookup(entry.field, "exact")
    if "not_in" in ops:
        extra[f"{path}__not_in"] = base.filter_for_lookup(entry.field, "in")
    filters = {}
    for name, (filter_class, params) in extra.items():
        filters[name] = filter_class(field_name=path, exclude=True, **params)
    return filters


def _build(model: type[Model], plans: SchemaFilterPlans) -> type[django_filters.FilterSet]:
    plan = plans.plan(model)
    fields: dict[str, list[str]] = {}
    declared: dict[str, Any] = {}
    for entry in plan.fields.values():
        if entry.kind is Kind.JSON:
            continue
        path = model._meta.pk.name if entry.name == "pk" else entry.name
        fields[path] = _lookups(entry)
        declared.update(_negated_filters(entry, path, django_filters.FilterSet))
    meta = type("Meta", (), {"model": model, "fields": fields})
    name = f"{plan.type_name}FilterSet"
    attrs = {**declared, "Meta": meta, "__doc__": f"Filters of {plan.type_name}."}
    return type(name, (django_filters.FilterSet,), attrs)


def filterset_for(
    model: type[Model], schema_name: str | None = None
) -> type[django_filters.FilterSet]:
    """The ``FilterSet`` of ``model`` in the schema ``schema_name`` (``None``: the default
    schema), built once per schema build from its filter plans.

    Raises ``KeyError`` when the schema does not expose ``model``.
    """
    plans = schema_plans(get_schema_runtime(schema_name))
    built = plans.filtersets.get(model)
    if built is None:
        with plans.lock:
            built = plans.filtersets.get(model)
            if built is None:
                built = plans.filtersets[model] = _build(model, plans)
    return built
