"""Django app configuration for rail_django.extensions.templating."""

from django.apps import AppConfig


class RailDjangoTemplatingConfig(AppConfig):
    """PDF templates: settings, endpoints under ``/api/templates/``, model metadata."""

    name = "rail_django.extensions.templating"
    label = "rail_django_templating"
    verbose_name = "rail-django-templating"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.extensions.templating.metadata_provider import template_metadata
        from rail_django.extensions.templating.template_settings import (
            register_templating_settings,
        )
        from rail_django.extensions.templating.template_views import url_patterns

        register_templating_settings()
        plugin_registry.register(ContributionKind.URL_PATTERNS, url_patterns, plugin=PLUGIN)
        from rail_django.extensions.templating.openapi import openapi_paths

        # Described in core's OpenAPI document (GET /api/v1/openapi.json).
        plugin_registry.register(ContributionKind.OPENAPI_PATHS, openapi_paths, plugin=PLUGIN)
        plugin_registry.register(ContributionKind.MODEL_METADATA, template_metadata, plugin=PLUGIN)


PLUGIN = "rail_django.extensions.templating"
