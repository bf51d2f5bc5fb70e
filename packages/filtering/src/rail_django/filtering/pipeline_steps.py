"""Filtering's steps in the contracts' queryset pipeline.

One mechanism applies filters: :class:`WhereStep` (``Phase.FILTER``) reads ``request.where`` and
``request.quick``. Core copies a list field's ``where`` / ``quick`` arguments into those request
fields, and every other consumer (export, reporting, subscriptions, plain Python) sets them
directly, so the list-argument contributions' own ``apply`` does nothing: applying there too
would filter twice. :class:`QuickRankStep` (``Phase.ORDER``, after core's ordering) puts the best
full-text matches first when no ``orderBy`` was asked for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.queryset_pipeline import Phase, QueryRequest, queryset_pipeline
from rail_django.filtering.filter_plan import plans_for_schema
from rail_django.filtering.quick_search import quick_condition, rank_by_relevance, uses_full_text
from rail_django.filtering.settings_section import filters_enabled
from rail_django.filtering.where_compiler import WhereCompiler, invalid


def apply_where(
    queryset: QuerySet[Any],
    where: Any = None,
    *,
    quick: str | None = None,
    schema_name: str | None = None,
    user: Any = None,
) -> QuerySet[Any]:
    """Filter ``queryset`` by a ``where`` written as a client writes it (schema field names).

    The same checks as the GraphQL argument apply: unknown keys or operators, wrong value types
    and exceeded limits raise ``RailError`` with the code ``INVALID_FILTER``.
    """
    plans = plans_for_schema(schema_name)
    if not filters_enabled(plans.settings):
        raise RailError("Filtering is disabled for this schema.", ErrorCode.OPERATION_DISABLED)
    model = queryset.model
    if where is not None:
        compiler = WhereCompiler(plans, user=user, database=queryset.db)
        queryset = queryset.filter(compiler.compile(model, where))
    if quick is not None:
        try:
            plan = plans.plan(model)
        except KeyError:
            raise invalid(f"{model.__name__} cannot be searched in this schema.") from None
        condition = quick_condition(
            plan, quick, plans.settings, queryset.db, user, plans.context.runtime
        )
        if condition is not None:
            queryset = queryset.filter(condition)
    return queryset


class WhereStep:
    """``Phase.FILTER``: apply ``request.where`` and ``request.quick``."""

    name = "filtering_where"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        if request.where is None and request.quick is None:
            return queryset
        return apply_where(
            queryset,
            request.where,
            quick=request.quick,
            schema_name=request.schema_name,
            user=request.user,
        )


class QuickRankStep:
    """``Phase.ORDER``: full-text rank first when searching without ``orderBy`` (PostgreSQL)."""

    name = "filtering_quick_rank"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        if not request.quick or request.order_by:
            return queryset
        plans = plans_for_schema(request.schema_name)
        if not uses_full_text(plans.settings, queryset.db):
            return queryset
        try:
            plan = plans.plan(request.model)
        except KeyError:
            return queryset
        if not plan.quick:
            return queryset
        return rank_by_relevance(
            queryset, plan, request.quick, plans.settings, request.user, plans.context.runtime
        )


def register_pipeline_steps() -> None:
    """Called from the app's ``ready()`` (after core's, so ranking follows core's ordering)."""
    queryset_pipeline.register(WhereStep(), Phase.FILTER)
    queryset_pipeline.register(QuickRankStep(), Phase.ORDER)
