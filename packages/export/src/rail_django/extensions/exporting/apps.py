"""Django app configuration for rail_django.extensions.exporting."""

from django.apps import AppConfig


class RailDjangoExportConfig(AppConfig):
    """Declares ``RAIL_DJANGO_EXPORT``, mounts ``/api/v1/export/``, adds ``exportModel`` and
    tells core's metadata which models are exportable. Being installed turns export on."""

    name = "rail_django.extensions.exporting"
    label = "rail_django_export"
    verbose_name = "rail-django-export"
    default_auto_field = "django.db.models.BigAutoField"
    #: Export jobs are bookkeeping: never auto-exposed as GraphQL types.
    rail_django_internal = True

    def ready(self) -> None:
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.extensions.exporting.export_settings import register_export_settings
        from rail_django.extensions.exporting.export_views import url_patterns
        from rail_django.extensions.exporting.graphql_fields import register_graphql_fields
        from rail_django.extensions.exporting.metadata_part import export_metadata
        from rail_django.extensions.exporting.schema_plan import PLUGIN, build_export_plan

        register_export_settings()
        plugin_registry.register(ContributionKind.SCHEMA_PLANS, build_export_plan, plugin=PLUGIN)
        plugin_registry.register(ContributionKind.URL_PATTERNS, url_patterns, plugin=PLUGIN)
        from rail_django.extensions.exporting.openapi import openapi_paths

        # Described in core's OpenAPI document (GET /api/v1/openapi.json).
        plugin_registry.register(ContributionKind.OPENAPI_PATHS, openapi_paths, plugin=PLUGIN)
        plugin_registry.register(ContributionKind.MODEL_METADATA, export_metadata, plugin=PLUGIN)
        register_graphql_fields()
