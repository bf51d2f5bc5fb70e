"""Background tasks for Rail Django: records, backends, progress and the status API.

Public API:

- :func:`task` declares a task (``@task``), :func:`enqueue` starts one, :func:`cancel` stops one,
  :func:`get_task` reads its record, :func:`set_progress` reports from inside it;
- :func:`async_mutation` adds a mutation that answers ``{ taskId status }`` at once;
- :class:`TaskFailure` fails a task with a message clients may read;
- :class:`TaskExecution` is the record (``task(id:)``, ``GET /api/v1/tasks/<uuid>/``).

Imports are lazy so ``import rail_django.extensions.tasks`` works before Django is set up.
"""

from typing import Any

from rail_django.extensions.tasks.__about__ import __version__

__all__ = [
    "TaskCancelled",
    "TaskExecution",
    "TaskFailure",
    "__version__",
    "async_mutation",
    "cancel",
    "enqueue",
    "get_task",
    "set_progress",
    "task",
]

_WHERE = {
    "TaskCancelled": "rail_django.extensions.tasks.execution",
    "TaskFailure": "rail_django.extensions.tasks.execution",
    "TaskExecution": "rail_django.extensions.tasks.models",
    "async_mutation": "rail_django.extensions.tasks.task_fields",
    "cancel": "rail_django.extensions.tasks.task_api",
    "enqueue": "rail_django.extensions.tasks.task_api",
    "get_task": "rail_django.extensions.tasks.task_api",
    "task": "rail_django.extensions.tasks.task_api",
    "set_progress": "rail_django.extensions.tasks.progress",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(name)
