"""Django app configuration for rail_django.filtering."""

from django.apps import AppConfig


class RailDjangoFilteringConfig(AppConfig):
    """Registers rail-django-filtering with Django; its label is explicit so it never clashes."""

    name = "rail_django.filtering"
    label = "rail_django_filtering"
    verbose_name = "rail-django-filtering"
    default_auto_field = "django.db.models.BigAutoField"
