"""The query optimizer: N+1-free reads planned from the client's selection.

Reading a selection into a plan (:mod:`.selection_reader`), caching plans (:mod:`.plan_cache`)
and applying a plan to a queryset (:mod:`.plan_applier`) are separate steps, each with its own
tests. Models declare what computed fields need with :func:`model_property`.
"""

from rail_django.core.optimizer.field_plans import plan_cache_info, plan_for
from rail_django.core.optimizer.model_properties import ModelProperty, model_property
from rail_django.core.optimizer.plans import ListWindow, QueryPlan, RelationPlan
from rail_django.core.optimizer.selection_reader import PlanShape

__all__ = [
    "ListWindow",
    "ModelProperty",
    "PlanShape",
    "QueryPlan",
    "RelationPlan",
    "model_property",
    "plan_cache_info",
    "plan_for",
]
