"""Django app configuration for rail_django.extensions.reporting."""

from django.apps import AppConfig


class RailDjangoReportingConfig(AppConfig):
    """Registers the reporting root fields with the contracts' plugin registry: per model
    ``<model>Group`` and ``<model>Aggregate``, and ``reportingDataset`` / ``reportingDatasets``.
    Being installed is what turns reporting on."""

    name = "rail_django.extensions.reporting"
    label = "rail_django_reporting"
    verbose_name = "rail-django-reporting"
    default_auto_field = "django.db.models.BigAutoField"
    #: Datasets are configuration, not API data: core does not generate a type for them.
    rail_django_internal = True

    def ready(self) -> None:
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.extensions.reporting.dataset_fields import dataset_query_fields
        from rail_django.extensions.reporting.grouping_fields import grouping_query_fields

        for provider in (grouping_query_fields, dataset_query_fields):
            plugin_registry.register(ContributionKind.QUERY_FIELDS, provider, plugin=self.name)
