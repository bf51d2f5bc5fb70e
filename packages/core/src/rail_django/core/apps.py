"""Django app configuration for rail_django.core."""

from django.apps import AppConfig


class RailDjangoConfig(AppConfig):
    """Core app; labelled ``rail_django`` so permissions read ``rail_django.manage_schema``."""

    name = "rail_django.core"
    label = "rail_django"
    verbose_name = "Rail Django"
    default_auto_field = "django.db.models.BigAutoField"
    #: Core's only model holds a permission (models.py): never a GraphQL type.
    rail_django_internal = True

    def ready(self) -> None:
        # The spine starts here too: the guide never lists ``rail_django.contracts``.
        from rail_django.contracts.startup import start

        start()

        from rail_django.core.settings_sections import register_sections

        register_sections()

        from rail_django.core.settings_help import describe_sections

        describe_sections()

        from rail_django.core.compiler_registration import register_schema_compiler

        register_schema_compiler()

        # Part of core's distribution, plugged in like any extension (through the contracts).
        from rail_django.extensions.metadata.registration import register as register_metadata

        register_metadata()

        from rail_django.extensions.health.registration import register as register_health

        register_health()

        from rail_django.core.registry.startup import install_endpoint

        install_endpoint()

        from rail_django.core.errors.error_reporting import keep_error_log_out_of_sentry

        keep_error_log_out_of_sentry()
