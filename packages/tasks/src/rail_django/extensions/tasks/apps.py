"""Django app configuration for rail_django.extensions.tasks."""

from django.apps import AppConfig


class RailDjangoTasksConfig(AppConfig):
    """Registers rail-django-tasks with Django under an explicit, collision-free label."""

    name = "rail_django.extensions.tasks"
    label = "rail_django_tasks"
    verbose_name = "rail-django-tasks"
    default_auto_field = "django.db.models.BigAutoField"
