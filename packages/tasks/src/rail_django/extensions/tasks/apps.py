"""Django app configuration for rail_django.extensions.tasks."""

from django.apps import AppConfig


class RailDjangoTasksConfig(AppConfig):
    """Task records, the task backend, ``task(id:)`` and the webhook outbox."""

    name = "rail_django.extensions.tasks"
    label = "rail_django_tasks"
    verbose_name = "rail-django-tasks"
    default_auto_field = "django.db.models.BigAutoField"
    #: Task records and outbox rows are bookkeeping: never auto-exposed as GraphQL types.
    rail_django_internal = True

    def ready(self) -> None:
        from rail_django.contracts.plugins import ContributionKind, plugin_registry
        from rail_django.contracts.task_backend import task_backend
        from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend
        from rail_django.extensions.tasks.task_fields import PLUGIN, register_task_fields
        from rail_django.extensions.tasks.task_openapi import openapi_paths
        from rail_django.extensions.tasks.task_settings import register_task_settings
        from rail_django.extensions.tasks.task_views import url_patterns
        from rail_django.webhooks.outbox import connect_outbox
        from rail_django.webhooks.webhook_settings import register_webhook_settings

        register_task_settings()
        register_webhook_settings()
        task_backend.install(get_rail_backend(), owner=PLUGIN, replace=True)
        register_task_fields()
        plugin_registry.register(ContributionKind.URL_PATTERNS, url_patterns, plugin=PLUGIN)
        # Described in core's /api/v1/openapi.json next to the schema management API.
        plugin_registry.register(ContributionKind.OPENAPI_PATHS, openapi_paths, plugin=PLUGIN)
        connect_outbox()
