"""The plan of the field a resolver is resolving: read once, then served from the cache."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from rail_django.core.optimizer.model_index import model_index
from rail_django.core.optimizer.plans import QueryPlan
from rail_django.core.optimizer.selection_reader import PlanShape, SelectionReader


def plan_for(
    build: Any,
    model: type[Model],
    info: Any,
    shape: PlanShape = PlanShape.ROWS,
    required_columns: frozenset[str] = frozenset(),
) -> QueryPlan | None:
    """The plan of the field ``info`` resolves (rows of ``model``), or ``None`` when the
    schema's ``enable_query_optimization`` is off.

    ``build`` is the schema's build context; ``required_columns`` are loaded whatever the
    selection (the foreign key a related manager reads on every row). Plan-reading errors (a
    nested list's invalid ``orderBy`` or page size) are raised as the ``RailError`` the
    argument deserves.
    """
    performance = build.settings["performance_settings"]
    if not performance["enable_query_optimization"]:
        return None
    index = model_index(build)
    if model not in index.by_model:
        return None

    def read() -> tuple[QueryPlan, frozenset[str]]:
        reader = SelectionReader(
            index,
            info.schema,
            info.fragments,
            info.variable_values,
            build.settings["query_settings"],
        )
        plan = reader.read(model, info.field_nodes, shape, info.return_type, required_columns)
        return plan, frozenset(reader.used_variables)

    return index.plans.get(info, read)


def plan_cache_info(build: Any) -> dict[str, int]:
    """Hits, misses and size of a schema build's plan cache (for monitoring and tests)."""
    plans = model_index(build).plans
    return {"hits": plans.hits, "misses": plans.misses, "size": len(plans)}
