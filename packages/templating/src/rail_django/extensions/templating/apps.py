"""Django app configuration for rail_django.extensions.templating."""

from django.apps import AppConfig


class RailDjangoTemplatingConfig(AppConfig):
    """Registers rail-django-templating with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.templating"
    label = "rail_django_templating"
    verbose_name = "rail-django-templating"
    default_auto_field = "django.db.models.BigAutoField"
