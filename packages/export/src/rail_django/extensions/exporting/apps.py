"""Django app configuration for rail_django.extensions.exporting."""

from django.apps import AppConfig


class RailDjangoExportConfig(AppConfig):
    """Registers rail-django-export with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.exporting"
    label = "rail_django_export"
    verbose_name = "rail-django-export"
    default_auto_field = "django.db.models.BigAutoField"
