"""The ``where`` and ``quick`` arguments of generated list fields (LIST_ARGUMENTS contributions).

``build`` runs per model when core builds a schema and reads the plans core just built with it
(filtering's ``SCHEMA_PLANS`` contribution). ``apply`` is the one mechanism that filters: core's
list-arguments step (``Phase.FILTER``) calls it for every consumer of the queryset pipeline
alike, GraphQL list fields and ``build_queryset(QueryRequest(model, where=..., quick=...))`` from
export, reporting, subscriptions or plain Python. It reads the plans from ``request.runtime``.
:func:`apply_where` is the same work for a queryset in hand.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import graphene
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.contracts.schema_runtime import SchemaRuntime, get_schema_runtime
from rail_django.filtering.filter_plan import SchemaFilterPlans, plans_of_build, schema_plans
from rail_django.filtering.quick_search import quick_condition
from rail_django.filtering.where_compiler import WhereCompiler, invalid
from rail_django.filtering.where_input import WhereInputTypes

_inputs: weakref.WeakKeyDictionary[Any, WhereInputTypes] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def input_types(context: Any) -> WhereInputTypes:
    """The input types of the schema ``context`` builds (one set per build)."""
    types = _inputs.get(context)
    if types is None:
        with _lock:
            types = _inputs.get(context)
            if types is None:
                types = WhereInputTypes(context, plans_of_build(context))
                _inputs[context] = types
    return types


def enabled_plans(runtime: SchemaRuntime) -> SchemaFilterPlans:
    """``runtime``'s plans; ``RailError(OPERATION_DISABLED)`` when its settings turn filters off."""
    plans = schema_plans(runtime)
    if not plans.enabled:
        raise RailError(_("Filtering is disabled for this schema."), ErrorCode.OPERATION_DISABLED)
    return plans


def filter_where(
    queryset: QuerySet[Any],
    plans: SchemaFilterPlans,
    where: Any,
    *,
    user: Any = None,
    context: Any = None,
) -> QuerySet[Any]:
    """``queryset`` filtered by ``where`` (schema field names), checked against ``plans``."""
    compiler = WhereCompiler(plans, user=user, database=queryset.db, context=context)
    return queryset.filter(compiler.compile(queryset.model, where))


def filter_quick(
    queryset: QuerySet[Any],
    plans: SchemaFilterPlans,
    text: Any,
    *,
    user: Any = None,
    context: Any = None,
) -> QuerySet[Any]:
    """``queryset`` narrowed to the rows whose quick-search fields hold every word of ``text``."""
    model = queryset.model
    try:
        plan = plans.plan(model)
    except KeyError:
        raise invalid(
            _("%(model)s cannot be searched in this schema.") % {"model": model.__name__}
        ) from None
    condition = quick_condition(plans, plan, text, queryset.db, user, context)
    return queryset if condition is None else queryset.filter(condition)


def apply_where(
    queryset: QuerySet[Any],
    where: Any = None,
    *,
    quick: str | None = None,
    schema_name: str | None = None,
    user: Any = None,
    context: Any = None,
) -> QuerySet[Any]:
    """Filter ``queryset`` by a ``where`` written as a client writes it (schema field names).

    The plans are those core built with the schema ``schema_name`` (``None``: the default
    schema's). The same checks as the GraphQL argument apply: unknown keys or operators, wrong
    value types and exceeded limits raise ``RailError`` with the code ``INVALID_FILTER``; a
    schema Rail Django did not build raises ``SCHEMA_NOT_FOUND``.
    """
    plans = enabled_plans(get_schema_runtime(schema_name))
    if where is not None:
        queryset = filter_where(queryset, plans, where, user=user, context=context)
    if quick is not None:
        queryset = filter_quick(queryset, plans, quick, user=user, context=context)
    return queryset


class WhereArgument:
    """``where: <Type>WhereInput``."""

    name = "where"

    def build(self, context: Any, model: type[Model]) -> Any | None:
        if not plans_of_build(context).enabled:
            return None
        types = input_types(context)
        return graphene.Argument(
            lambda: types.where_input(model),
            description=_("Only the rows matching these conditions."),
        )

    def apply(self, queryset: QuerySet[Any], value: Any, request: QueryRequest) -> QuerySet[Any]:
        plans = enabled_plans(request.runtime)
        return filter_where(queryset, plans, value, user=request.user, context=request.context)


class QuickArgument:
    """``quick: String`` on models with ``GraphQLMeta.Filtering(quick=[...])``."""

    name = "quick"

    def build(self, context: Any, model: type[Model]) -> Any | None:
        plans = plans_of_build(context)
        if not plans.enabled or not plans.plan(model).quick:
            return None
        return graphene.Argument(
            graphene.String,
            description=_("Search text matched against the quick-search fields."),
        )

    def apply(self, queryset: QuerySet[Any], value: Any, request: QueryRequest) -> QuerySet[Any]:
        plans = enabled_plans(request.runtime)
        return filter_quick(queryset, plans, value, user=request.user, context=request.context)


WHERE_ARGUMENT = WhereArgument()
QUICK_ARGUMENT = QuickArgument()
