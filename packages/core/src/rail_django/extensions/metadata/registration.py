"""Plugs the metadata extension into core: root query fields and the HTTP JSON variant."""

from __future__ import annotations

from django.urls import path

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.extensions.metadata.query_fields import metadata_query_fields

PLUGIN = "rail_django.extensions.metadata"


def metadata_urls() -> list[object]:
    from rail_django.extensions.metadata.http_view import model_schema_view

    return [
        path(
            "graphql/<str:schema_name>/metadata/<str:app>/<str:model>/",
            model_schema_view,
            name="rail_django_model_schema",
        )
    ]


def register() -> None:
    """Register the contributions (called from core's ``AppConfig.ready()``)."""
    plugin_registry.register(ContributionKind.QUERY_FIELDS, metadata_query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.URL_PATTERNS, metadata_urls, plugin=PLUGIN)
