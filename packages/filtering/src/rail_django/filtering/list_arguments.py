"""The `where` and `quick` arguments of generated list fields (LIST_ARGUMENTS contributions).

Their ``build`` runs per model when a schema is built. Their ``apply`` does nothing on purpose:
core copies the values into ``QueryRequest.where`` / ``.quick``, and
:class:`~rail_django.filtering.pipeline_steps.WhereStep` applies those for every consumer alike.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import graphene
from django.db.models import Model, QuerySet

from rail_django.contracts.queryset_pipeline import QueryRequest
from rail_django.filtering.filter_plan import plans_for_context
from rail_django.filtering.settings_section import filters_enabled
from rail_django.filtering.where_input import WhereInputTypes

_inputs: weakref.WeakKeyDictionary[Any, WhereInputTypes] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def input_types(context: Any) -> WhereInputTypes:
    """The input types of the schema ``context`` builds (one set per build)."""
    types = _inputs.get(context)
    if types is None:
        with _lock:
            types = _inputs.get(context) or WhereInputTypes(context, plans_for_context(context))
            _inputs[context] = types
    return types


class WhereArgument:
    """``where: <Type>WhereInput``."""

    name = "where"

    def build(self, context: Any, model: type[Model]) -> Any | None:
        if not filters_enabled(context.settings):
            return None
        types = input_types(context)
        return graphene.Argument(
            lambda: types.where_input(model),
            description="Only the rows matching these conditions.",
        )

    def apply(self, queryset: QuerySet[Any], value: Any, request: QueryRequest) -> QuerySet[Any]:
        return queryset  # applied from request.where by WhereStep (see the module docstring)


class QuickArgument:
    """``quick: String`` on models with ``GraphQLMeta.Filtering(quick=[...])``."""

    name = "quick"

    def build(self, context: Any, model: type[Model]) -> Any | None:
        if not filters_enabled(context.settings):
            return None
        if not plans_for_context(context).plan(model).quick:
            return None
        return graphene.Argument(
            graphene.String, description="Search text matched against the quick-search fields."
        )

    def apply(self, queryset: QuerySet[Any], value: Any, request: QueryRequest) -> QuerySet[Any]:
        return queryset  # applied from request.quick by WhereStep (see the module docstring)


WHERE_ARGUMENT = WhereArgument()
QUICK_ARGUMENT = QuickArgument()
