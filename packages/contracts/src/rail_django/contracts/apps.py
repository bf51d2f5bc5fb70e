"""Django app configuration for rail_django.contracts."""

from django.apps import AppConfig


class RailDjangoContractsConfig(AppConfig):
    """Registers rail-django-contracts with Django; its label is explicit so it never clashes."""

    name = "rail_django.contracts"
    label = "rail_django_contracts"
    verbose_name = "rail-django-contracts"
    default_auto_field = "django.db.models.BigAutoField"
