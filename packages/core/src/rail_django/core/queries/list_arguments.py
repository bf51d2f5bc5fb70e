"""Plugin list arguments (``ContributionKind.LIST_ARGUMENTS``): built per model, applied in the
pipeline.

A list field holds the arguments whose ``build(context, model)`` returned one; their values reach
the pipeline as ``QueryRequest.arguments[name]``, and :class:`ListArgumentsStep` hands each to
its plugin's ``apply``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from rail_django.contracts.build_context import SchemaBuildContext
from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.contracts.queryset_pipeline import QueryRequest


def list_arguments(context: SchemaBuildContext, model: type[Model]) -> dict[str, Any]:
    """The plugin arguments of ``model``'s list field, by name."""
    built: dict[str, Any] = {}
    for argument in plugin_registry.values(ContributionKind.LIST_ARGUMENTS):
        graphql_argument = argument.build(context, model)
        if graphql_argument is not None:
            built[argument.name] = graphql_argument
    return built


class ListArgumentsStep:
    """Pipeline step (``Phase.FILTER``): apply each plugin argument present in the request."""

    name = "core_list_arguments"

    def apply(self, queryset: QuerySet[Any], request: QueryRequest) -> QuerySet[Any]:
        if not request.arguments:
            return queryset
        contributed = request.runtime.list_arguments
        for name, value in request.arguments.items():
            argument = contributed.get(name)
            if argument is not None and value is not None:
                queryset = argument.apply(queryset, value, request)
        return queryset
