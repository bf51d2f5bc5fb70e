"""Django app configuration for rail_django.extensions.subscriptions."""

from django.apps import AppConfig


class RailDjangoSubscriptionsConfig(AppConfig):
    """Registers rail-django-subscriptions with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.subscriptions"
    label = "rail_django_subscriptions"
    verbose_name = "rail-django-subscriptions"
    default_auto_field = "django.db.models.BigAutoField"
