"""Django app configuration for rail_django.extensions.reporting."""

from django.apps import AppConfig


class RailDjangoReportingConfig(AppConfig):
    """Registers rail-django-reporting with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.reporting"
    label = "rail_django_reporting"
    verbose_name = "rail-django-reporting"
    default_auto_field = "django.db.models.BigAutoField"
