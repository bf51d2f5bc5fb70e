"""Django app configuration for rail_django.filtering."""

from django.apps import AppConfig


class RailDjangoFilteringConfig(AppConfig):
    """Registers rail-django-filtering with Django under an explicit, collision-free label."""

    name = "rail_django.filtering"
    label = "rail_django_filtering"
    verbose_name = "rail-django-filtering"
    default_auto_field = "django.db.models.BigAutoField"
