"""Django app configuration for rail_django.core."""

from django.apps import AppConfig


class RailDjangoConfig(AppConfig):
    """Registers rail-django-core with Django; its label is explicit so it never clashes."""

    name = "rail_django.core"
    label = "rail_django"
    verbose_name = "rail-django-core"
    default_auto_field = "django.db.models.BigAutoField"
