"""Filtering's step in the contracts' queryset pipeline.

Filters themselves are applied by the ``where`` / ``quick`` list arguments (core's
list-arguments step calls their ``apply``; see :mod:`rail_django.filtering.list_arguments`), so
there is one mechanism for every consumer. :class:`QuickRankStep` (``Phase.ORDER``, after core's
ordering) puts the best full-text matches first when no ``orderBy`` was asked for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.queryset_pipeline import Phase, QueryRequest, queryset_pipeline
from rail_django.filtering.filter_plan import schema_plans
from rail_django.filtering.quick_search import rank_by_relevance, uses_full_text


class QuickRankStep:
    """``Phase.ORDER``: full-text rank first when searching without ``orderBy`` (PostgreSQL)."""

    name = "filtering_quick_rank"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        text = request.argument("quick")
        if not text or not isinstance(text, str) or request.order_by:
            return queryset
        try:
            plans = schema_plans(request.runtime)
        except RailError:
            return queryset  # the quick argument's apply has refused the request already
        if not uses_full_text(plans, queryset.db):
            return queryset
        try:
            plan = plans.plan(request.model)
        except KeyError:
            return queryset
        if not plan.quick:
            return queryset
        return rank_by_relevance(
            queryset, plans, plan, text, user=request.user, context=request.context
        )


def register_pipeline_steps() -> None:
    """Called from the app's ``ready()`` (after core's, so ranking follows core's ordering)."""
    queryset_pipeline.register(QuickRankStep(), Phase.ORDER)
