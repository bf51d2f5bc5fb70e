"""Who may read a task: its owner, and users with the task-admin permission.

Anyone else is told the task does not exist (not "forbidden"), so ids cannot be probed.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.tasks.models import TaskExecution

#: The permission that shows every user's tasks (``TaskExecution.Meta.permissions``).
TASK_ADMIN_PERMISSION = "rail_django_tasks.view_all_tasks"


def parse_task_id(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RailError(_("A task id is a UUID."), ErrorCode.INVALID_TASK_ID) from None


def visible_task(user: Any, value: Any) -> TaskExecution:
    """The task ``value`` if ``user`` may see it; ``RailError`` (invalid id / not found) else."""
    task_id = parse_task_id(value)
    record = None
    if user is not None and user.is_authenticated:
        record = TaskExecution.objects.filter(pk=task_id).first()
        mine = record is not None and record.owner_id == user.pk
        if record is not None and not mine and not user.has_perm(TASK_ADMIN_PERMISSION):
            record = None
    if record is None:
        raise RailError(_("No such task."), ErrorCode.NOT_FOUND)
    return record


def task_document(record: TaskExecution) -> dict[str, Any]:
    """What clients see of a task (REST and GraphQL alike)."""
    return {
        "id": str(record.pk),
        "name": record.name,
        "status": record.status,
        "progress": record.progress,
        "progress_message": record.progress_message,
        "result": record.result,
        "error": record.error or None,
        "attempts": record.attempts,
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "started_at": record.started_at.isoformat() if record.started_at else None,
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
    }
