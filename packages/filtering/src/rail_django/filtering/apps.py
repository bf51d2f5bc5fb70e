"""Django app configuration for rail_django.filtering."""

from django.apps import AppConfig


class RailDjangoFilteringConfig(AppConfig):
    """Registers the ``filtering_settings`` section, the per-schema filter plans (built with each
    schema), the ``where`` / ``quick`` list arguments that apply them and the quick-search rank
    step. Being installed is what turns filtering on."""

    name = "rail_django.filtering"
    label = "rail_django_filtering"
    verbose_name = "rail-django-filtering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.filtering.checks import check_filtering_meta
        from rail_django.filtering.filter_plan import PLUGIN, build_schema_plans
        from rail_django.filtering.list_arguments import QUICK_ARGUMENT, WHERE_ARGUMENT
        from rail_django.filtering.pipeline_steps import register_pipeline_steps
        from rail_django.filtering.settings_section import register_settings

        register_settings()
        plugin_registry.register(ContributionKind.SCHEMA_PLANS, build_schema_plans, plugin=PLUGIN)
        for argument in (WHERE_ARGUMENT, QUICK_ARGUMENT):
            plugin_registry.register(ContributionKind.LIST_ARGUMENTS, argument, plugin=PLUGIN)
        register_pipeline_steps()
        from rail_django.filtering.model_metadata import filter_metadata

        # What modelSchema's ``filters`` lists (core's metadata extension reads it).
        plugin_registry.register(ContributionKind.MODEL_METADATA, filter_metadata, plugin=PLUGIN)
        checks.register(check_filtering_meta, "rail_django")
