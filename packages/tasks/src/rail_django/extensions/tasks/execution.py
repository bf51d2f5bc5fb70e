"""Running one ``TaskExecution``: the same steps whatever process or engine runs it.

Every backend's worker calls :func:`execute` with a record's id. It is idempotent, because the
engines under it deliver at least once: a finished or cancelled record is left alone, so a
message delivered twice runs its task once it has succeeded.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from rail_django.contracts.task_backend import TaskBackend, run_task
from rail_django.extensions.tasks.models import FINISHED, TaskExecution, TaskStatus
from rail_django.extensions.tasks.progress import publish_progress

logger = logging.getLogger("rail_django.extensions.tasks")


class TaskFailure(Exception):
    """Raise from a task to fail it with a message clients may read (other exceptions are shown
    as a generic message; their details go to the log only)."""


class TaskCancelled(Exception):
    """Raised inside a task by :func:`~rail_django.extensions.tasks.set_progress` once the task
    was cancelled, so a running task stops at its next progress report."""


def retry_delay(attempt: int, *, backoff: bool) -> float:
    """Seconds before retry number ``attempt`` (1-based): 1, 2, 4... s capped at 10 min, with
    "full jitter" between half and all of it so retries of many failed tasks do not align."""
    if not backoff:
        return 1.0
    ceiling = min(600.0, 2.0 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 (jitter, not a secret)


def execute(backend: TaskBackend, execution_id: str, *, backoff: bool = True) -> float | None:
    """Run the task of record ``execution_id``. Returns the delay before a retry is due, or
    ``None`` when there is nothing more to do (finished, failed for good, cancelled, unknown)."""
    # One conditional UPDATE claims the record: no read-then-write transaction, which SQLite
    # refuses at once ("database is locked") when another connection writes meanwhile.
    claimed = (
        TaskExecution.objects.filter(pk=execution_id)
        .exclude(status__in=FINISHED)
        .update(
            status=TaskStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=Coalesce(F("started_at"), Value(timezone.now())),
            updated_at=timezone.now(),
        )
    )
    record = TaskExecution.objects.filter(pk=execution_id).first() if claimed else None
    if record is None or record.status != TaskStatus.RUNNING:
        return None
    arguments = record.arguments or {}
    try:
        result = run_task(
            backend,
            str(record.pk),
            record.name,
            arguments.get("args", []),
            arguments.get("kwargs", {}),
        )
    except TaskCancelled:
        return None
    except Exception as exc:
        return _failed(record, exc, backoff=backoff)
    _finish(record, TaskStatus.SUCCEEDED, result=_jsonable(result), progress=100, error="")
    return None


def _failed(record: TaskExecution, exc: Exception, *, backoff: bool) -> float | None:
    if isinstance(exc, TaskFailure):
        message = str(exc)
    else:
        logger.exception(
            "task %s (%s) failed on attempt %d", record.name, record.pk, record.attempts
        )
        message = _("The task failed.")
    if record.attempts <= record.max_retries:
        updated = TaskExecution.objects.filter(pk=record.pk, status=TaskStatus.RUNNING).update(
            status=TaskStatus.PENDING, error=message, updated_at=timezone.now()
        )
        return retry_delay(record.attempts, backoff=backoff) if updated else None
    _finish(record, TaskStatus.FAILED, error=message)
    return None


def _finish(record: TaskExecution, status: str, **fields: Any) -> None:
    # Only a running record finishes: a cancel that landed meanwhile wins.
    TaskExecution.objects.filter(pk=record.pk, status=TaskStatus.RUNNING).update(
        status=status, finished_at=timezone.now(), updated_at=timezone.now(), **fields
    )
    publish_progress(str(record.pk))


def _jsonable(value: Any) -> Any:
    import json

    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value
