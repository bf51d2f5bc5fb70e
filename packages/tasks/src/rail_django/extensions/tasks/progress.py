"""Progress from inside a task, and its publication to subscribers through the contracts."""

from __future__ import annotations

import logging

from django.utils import timezone

from rail_django.contracts.task_backend import current_task_id

logger = logging.getLogger("rail_django.extensions.tasks")


def set_progress(percent: int, message: str = "") -> None:
    """Record how far the running task got (0-100) with a short message; a no-op outside a task.

    Raises :class:`~rail_django.extensions.tasks.TaskCancelled` when the task was cancelled
    meanwhile, so a long task stops at its next report.
    """
    from rail_django.extensions.tasks.execution import TaskCancelled
    from rail_django.extensions.tasks.models import TaskExecution, TaskStatus

    task_id = current_task_id()
    if task_id is None:
        return
    percent = max(0, min(100, int(percent)))
    updated = TaskExecution.objects.filter(pk=task_id, status=TaskStatus.RUNNING).update(
        progress=percent, progress_message=message[:255], updated_at=timezone.now()
    )
    if (
        not updated
        and TaskExecution.objects.filter(pk=task_id, status=TaskStatus.CANCELLED).exists()
    ):
        raise TaskCancelled(task_id)
    publish_progress(task_id)


def publish_progress(task_id: str) -> None:
    """Tell subscribers a task changed, when ``emit_subscriptions`` is on: a model event of the
    ``TaskExecution`` row, published through the contracts' bus (what the subscriptions package
    listens to), so this package never imports it."""
    from rail_django.contracts.model_events import EventKind, ModelEvent, model_events
    from rail_django.extensions.tasks.models import TaskExecution
    from rail_django.extensions.tasks.task_settings import task_settings

    if not task_settings()["emit_subscriptions"]:
        return
    model_events.deliver(
        ModelEvent(
            model=TaskExecution,
            pk=task_id,
            kind=EventKind.UPDATED,
            changed_fields=frozenset({"status", "progress", "progress_message"}),
        )
    )
