"""Typed nested ``where`` filters, relation filters and quick search for Rail Django.

Public API:

- :func:`apply_where`: filter a queryset with a ``where`` written as a GraphQL client writes it;
- :func:`filterset_for`: the django-filter ``FilterSet`` generated for a model;
- :data:`FILTERING_SETTINGS`: the ``filtering_settings`` section and its defaults.

Installing the app adds ``where`` (and ``quick``) to every generated list field; their
``apply`` runs in the contracts' queryset pipeline for every consumer, so
``build_queryset(QueryRequest(model, schema_name=..., where=...))`` filters exactly as the
GraphQL argument does. The filter plans are built once per schema, with it.
"""

from typing import Any

from rail_django.filtering.__about__ import __version__

__all__ = ["FILTERING_SETTINGS", "__version__", "apply_where", "filterset_for"]

# Imported on first use: Django imports this package before its app registry is ready, and the
# API below needs models.
_LAZY = {
    "apply_where": "rail_django.filtering.list_arguments",
    "filterset_for": "rail_django.filtering.filtersets",
    "FILTERING_SETTINGS": "rail_django.filtering.settings_section",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
