"""Filtering's part of a model's metadata (``modelSchema { filters }``), from the schema's plans.

Registered as the ``MODEL_METADATA`` contribution: core's metadata extension calls it once per
(schema, model) and narrows the answer per user (a filter on a field the user may not read is
left out), so this only describes what the schema's ``where`` accepts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.model_metadata import (
    FilterMetadata,
    FilterOption,
    MetadataChoice,
    ModelMetadataPart,
)
from rail_django.contracts.schema_runtime import SchemaRuntime
from rail_django.filtering.filter_plan import schema_plans


def _choices(field: Any) -> tuple[MetadataChoice, ...]:
    if getattr(field, "is_relation", False) or not getattr(field, "choices", None):
        return ()
    return tuple(MetadataChoice(str(value), label) for value, label in field.flatchoices)


def filter_metadata(runtime: SchemaRuntime, model: type[Model]) -> ModelMetadataPart | None:
    """The filters ``where`` offers on ``model`` in the schema of ``runtime``."""
    try:
        plan = schema_plans(runtime).plan(model)
    except (KeyError, RailError):
        return None
    filters = []
    for spec in plan.fields.values():
        choices = _choices(spec.field)
        options = tuple(
            FilterOption(
                name=key,
                lookup=operator.lookup,
                # The operator descriptions are English literals; marked here so a project's
                # catalog can translate them.
                help_text=gettext_lazy(operator.description) if operator.description else "",
                choices=choices,
            )
            for key, operator in spec.operators.items()
        )
        label = getattr(spec.field, "verbose_name", spec.name)
        filters.append(FilterMetadata(spec.name, label, options))
    for relation in plan.relations.values():
        filters.append(
            FilterMetadata(
                relation.name,
                relation.name,
                (),
                is_nested=True,
                related_model=relation.related._meta.label,
            )
        )
    return ModelMetadataPart(filters=tuple(filters))
