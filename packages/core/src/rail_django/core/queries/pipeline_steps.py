"""Core's steps in the contracts' queryset pipeline, registered by core's app."""

from __future__ import annotations

from rail_django.contracts.queryset_pipeline import Phase, queryset_pipeline
from rail_django.core.optimizer.pipeline_step import OptimizerStep
from rail_django.core.queries.list_arguments import ListArgumentsStep
from rail_django.core.queries.ordering import OrderingStep
from rail_django.core.queries.pagination import PaginationStep


def register_pipeline_steps() -> None:
    """Plugin list arguments (FILTER), ordering (ORDER), the optimizer (OPTIMIZE) and the page
    window (PAGINATE)."""
    queryset_pipeline.register(ListArgumentsStep(), Phase.FILTER)
    queryset_pipeline.register(OrderingStep(), Phase.ORDER)
    queryset_pipeline.register(OptimizerStep(), Phase.OPTIMIZE)
    queryset_pipeline.register(PaginationStep(), Phase.PAGINATE)
