"""The optimizer's step in the queryset pipeline (``Phase.OPTIMIZE``).

A consumer that wants its rows optimised puts a :class:`~.plans.QueryPlan` in
``QueryRequest.selection`` (GraphQL fields do, from the client's selection); other requests pass
through untouched.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.core.optimizer.plan_applier import apply_plan
from rail_django.core.optimizer.plans import QueryPlan


class OptimizerStep:
    """Apply ``request.selection`` (a plan) with the schema's ``performance_settings``."""

    name = "core_optimizer"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        plan = request.selection
        if not isinstance(plan, QueryPlan):
            return queryset
        runtime = request.runtime
        performance = runtime.section("performance_settings")
        return apply_plan(queryset, plan, request, performance, runtime.scopes_rows)
