"""What export needs to know of a built schema, computed once when core builds it.

Registered as a ``SCHEMA_PLANS`` contribution: the models the schema exposes and, for each, the
fields its GraphQL type exposes (``GraphQLMeta`` includes / excludes applied). A field the type
does not expose cannot be exported, whatever the allow-list says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.db.models import Model

from rail_django.contracts.schema_runtime import SchemaRuntime

PLUGIN = "rail_django.extensions.exporting"


@dataclass(frozen=True)
class ExportSchemaPlan:
    """The exposed fields of every model of one schema, by model."""

    exposed: Mapping[type[Model], frozenset[str]]

    def model_by_label(self, app_label: str, model_name: str) -> type[Model] | None:
        """The schema's model ``app_label.model_name`` (case-insensitive), or ``None``."""
        wanted = (app_label.lower(), model_name.lower())
        for model in self.exposed:
            if (model._meta.app_label.lower(), model.__name__.lower()) == wanted:
                return model
        return None


def build_export_plan(context: Any) -> ExportSchemaPlan:
    """The ``SCHEMA_PLANS`` provider: read the build context once."""
    exposed = {model: frozenset(context.exposed_fields(model)) for model in context.models}
    return ExportSchemaPlan(MappingProxyType(exposed))


def plan_of(runtime: SchemaRuntime) -> ExportSchemaPlan:
    """The plan of ``runtime``'s schema (empty when core did not build it with export)."""
    try:
        return runtime.plan(PLUGIN)
    except KeyError:
        return ExportSchemaPlan(MappingProxyType({}))
