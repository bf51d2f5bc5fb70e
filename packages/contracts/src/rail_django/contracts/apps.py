"""Django app configuration for rail_django.contracts."""

from django.apps import AppConfig


class RailDjangoContractsConfig(AppConfig):
    """Optional: core's app starts the spine too (:mod:`rail_django.contracts.startup`)."""

    name = "rail_django.contracts"
    label = "rail_django_contracts"
    verbose_name = "rail-django-contracts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rail_django.contracts.startup import start

        start()
