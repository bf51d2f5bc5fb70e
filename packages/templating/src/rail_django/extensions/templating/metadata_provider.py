"""Feeds core's ``modelSchema { templates }`` from the template registry (through the
contracts' ``ModelMetadataProvider``), so the metadata and the catalog list the same templates."""

from __future__ import annotations

from typing import Any

from rail_django.contracts.model_metadata import ModelMetadataPart, TemplateMetadata
from rail_django.extensions.templating.template_registry import template_registry


def template_metadata(runtime: Any, model: Any) -> ModelMetadataPart | None:
    templates = template_registry.for_model(model)
    if not templates:
        return None
    return ModelMetadataPart(
        templates=tuple(
            TemplateMetadata(t.key, t.label, f"/api/templates/{t.key}/{{pk}}/") for t in templates
        )
    )
