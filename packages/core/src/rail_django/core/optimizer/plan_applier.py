"""Applying a :class:`~.plans.QueryPlan` to a queryset.

- to-one hops (foreign key, one-to-one either way) become ``select_related`` joins, merged
  across aliases; when the permission backend scopes the related model's rows, they become a
  ``Prefetch`` of the scoped rows instead, so a hop never serves a row the user may not see;
- to-many relations become a ``Prefetch`` whose queryset is built by the queryset pipeline for
  the related model: the same permission scope, plugin filters (``where``), ordering and
  optimisation as a root list, and the page window per parent (Django slices a prefetch with a
  ``ROW_NUMBER() OVER (PARTITION BY <parent>)`` window);
- ``only()`` keeps the selected columns plus the keys joins and prefetches match on;
  ``enable_defer_fields`` (when ``only()`` is off) defers unselected large columns instead.

Each ``performance_settings`` switch is honoured on its own; with a switch off the relation
resolvers load what is missing row by row, so answers never change, only their cost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet

from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.core.optimizer.dataloaders import group_rows
from rail_django.core.optimizer.list_window import window_request
from rail_django.core.optimizer.plans import QueryPlan, RelationPlan

#: Field classes deferred by ``enable_defer_fields`` when nobody selected them.
LARGE_FIELDS = (models.TextField, models.BinaryField, models.JSONField)


def merge_plans(plans: list[QueryPlan]) -> QueryPlan:
    """One plan loading what each of ``plans`` (of the same model) needs."""
    if len(plans) == 1:
        return plans[0]
    joins: dict[str, list[QueryPlan]] = {}
    for plan in plans:
        for name, joined in plan.dependency_joins.items():
            joins.setdefault(name, []).append(joined)
    relations: dict[str, RelationPlan] = {}
    for plan in plans:
        relations.update(plan.relations)
    return QueryPlan(
        model=plans[0].model,
        columns=frozenset().union(*(p.columns for p in plans)),
        all_columns=any(p.all_columns for p in plans),
        relations=relations,
        dependency_joins={name: merge_plans(group) for name, group in joins.items()},
        dependency_prefetches=frozenset().union(*(p.dependency_prefetches for p in plans)),
        batched=frozenset().union(*(p.batched for p in plans)),
    )


def _all_columns(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


class _Collector:
    """Walks a plan into select_related paths, prefetches and only() paths."""

    def __init__(
        self,
        request: QueryRequest,
        performance: Mapping[str, Any],
        scopes_rows: Callable[[type[models.Model]], bool],
    ) -> None:
        self.request = request
        self.select = bool(performance["enable_select_related"])
        self.prefetch = bool(performance["enable_prefetch_related"])
        self.scopes_rows = scopes_rows
        self.select_paths: list[str] = []
        self.prefetches: list[Any] = []
        self.only_paths: list[str] = []

    def walk(self, plan: QueryPlan, prefix: str = "") -> None:
        columns = _all_columns(plan.model) if plan.all_columns else plan.columns
        self.only_paths.extend(prefix + column for column in sorted(columns))
        joins: dict[str, list[QueryPlan]] = {}
        for relation in plan.relations.values():
            if relation.many or self.scopes_rows(relation.model):
                if self.prefetch:
                    self.prefetches.append(self._prefetch(relation, prefix))
            elif self.select:
                joins.setdefault(relation.name, []).append(relation.plan)
        if self.select:
            for name, joined in plan.dependency_joins.items():
                joins.setdefault(name, []).append(joined)
        for name, group in joins.items():
            path = prefix + name
            self.select_paths.append(path)
            self.walk(merge_plans(group), f"{path}__")
        if self.prefetch:
            self.prefetches.extend(prefix + lookup for lookup in sorted(plan.dependency_prefetches))

    def _prefetch(self, relation: RelationPlan, prefix: str) -> Prefetch:
        request = window_request(
            relation.window,
            relation.model,
            runtime=self.request.runtime,
            user=self.request.user,
            context=self.request.context,
            selection=relation.plan,
        )
        return Prefetch(
            prefix + relation.name, queryset=build_queryset(request), to_attr=relation.attribute
        )


def apply_plan(
    queryset: QuerySet[Any],
    plan: QueryPlan,
    request: QueryRequest,
    performance: Mapping[str, Any],
    scopes_rows: Callable[[type[models.Model]], bool],
) -> QuerySet[Any]:
    """``queryset`` loading what ``plan`` needs under the ``performance_settings`` switches.

    ``scopes_rows(model)`` tells whether the permission backend narrows ``model``'s rows.
    """
    if not performance["enable_query_optimization"] or not issubclass(queryset.model, plan.model):
        return queryset
    collector = _Collector(request, performance, scopes_rows)
    collector.walk(plan)
    if collector.select_paths:
        queryset = queryset.select_related(*collector.select_paths)
    if collector.prefetches:
        queryset = queryset.prefetch_related(*collector.prefetches)
    if performance["enable_only_fields"]:
        queryset = queryset.only(*collector.only_paths or [plan.model._meta.pk.name])
    elif performance["enable_defer_fields"]:
        unused = [
            f.name
            for f in plan.model._meta.concrete_fields
            if isinstance(f, LARGE_FIELDS) and f.name not in plan.columns
        ]
        if unused and not plan.all_columns:
            queryset = queryset.defer(*unused)
    if plan.batched:
        queryset = group_rows(queryset)
    return queryset
