"""Django app configuration for rail_django.contracts."""

from django.apps import AppConfig
from django.core import checks
from django.core.signals import setting_changed


class RailDjangoContractsConfig(AppConfig):
    """Registers the settings system check and the pipeline's default permission-scope step."""

    name = "rail_django.contracts"
    label = "rail_django_contracts"
    verbose_name = "rail-django-contracts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rail_django.contracts.permissions import register_default_steps
        from rail_django.contracts.settings_registry import check_settings

        checks.register(check_settings, "rail_django")
        register_default_steps()
        setting_changed.connect(_clear_settings_cache, dispatch_uid="rail_django_settings_cache")


def _clear_settings_cache(**kwargs: object) -> None:
    from rail_django.contracts.settings_registry import settings_registry

    settings_registry.clear_cache()
