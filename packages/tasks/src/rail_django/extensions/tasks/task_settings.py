"""``RAIL_DJANGO_GRAPHQL["task_settings"]``: declared once, with the guide's defaults.

Tasks are process-wide (one backend per process), so the section is read at the global level
only: a schema entry cannot give one schema another broker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rail_django.contracts.settings_registry import SettingsSection, settings_registry

OWNER = "rail_django.extensions.tasks"
BACKENDS = ("sync", "thread", "dramatiq")
#: Named by the guide; their adapters are not built yet, so choosing one is a check error.
NOT_BUILT = ("celery", "django_q")


def _valid(values: Mapping[str, Any]) -> Iterable[str]:
    if values["backend"] in NOT_BUILT:
        yield gettext("backend %(value)r has no adapter yet: use sync, thread or dramatiq") % {
            "value": values["backend"]
        }
    elif values["backend"] not in BACKENDS:
        yield gettext("backend must be one of %(choices)s (got %(value)r)") % {
            "choices": ", ".join(BACKENDS),
            "value": values["backend"],
        }
    for key in ("result_ttl_seconds", "thread_workers", "thread_queue_size"):
        if values[key] <= 0:
            yield gettext("%(key)s must be greater than 0 (got %(value)r)") % {
                "key": key,
                "value": values[key],
            }
    if values["max_retries"] < 0:
        yield gettext("max_retries must be 0 or more (got %(value)r)") % {
            "value": values["max_retries"]
        }


TASK_SETTINGS = SettingsSection(
    name="task_settings",
    owner=OWNER,
    per_schema=False,
    defaults={
        "enabled": True,
        "backend": "thread",
        "default_queue": "default",
        "result_ttl_seconds": 86400,
        "max_retries": 3,
        "retry_backoff": True,
        "track_in_database": True,
        "emit_subscriptions": True,
        "broker_url": "redis://127.0.0.1:6379/0",
        "thread_workers": 4,
        "thread_queue_size": 100,
    },
    validators=(_valid,),
)

DESCRIPTIONS = {
    "enabled": _("Run tasks at all; off: the async mutations and `task(id:)` are left out."),
    "backend": _("Where tasks run: `sync` (inline), `thread` (a bounded pool) or `dramatiq`."),
    "default_queue": _("The queue a task goes to when it names none."),
    "result_ttl_seconds": _("Finished task records older than this are deleted."),
    "max_retries": _("How many times a failing task is retried."),
    "retry_backoff": _("Wait exponentially longer (with jitter) between retries."),
    "track_in_database": _("Keep a `TaskExecution` row per task (status, progress, result)."),
    "emit_subscriptions": _("Publish task progress to subscribers when subscriptions exist."),
    "broker_url": _("The dramatiq broker: `redis://...` or `amqp://...` (RabbitMQ)."),
    "thread_workers": _("Threads of the `thread` backend's pool."),
    "thread_queue_size": _("Tasks the `thread` backend holds waiting; more is refused."),
}


def register_task_settings() -> None:
    settings_registry.register(TASK_SETTINGS)
    settings_registry.describe(TASK_SETTINGS.name, DESCRIPTIONS)


def task_settings() -> Mapping[str, Any]:
    """The effective ``task_settings`` (read on each call; cached by the registry)."""
    return settings_registry.resolve(None)["task_settings"]
