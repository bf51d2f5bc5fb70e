"""Declaring and starting tasks from Python.

::

    from rail_django.extensions.tasks import task, set_progress

    @task(max_retries=2)
    def rebuild_index(shop_id: int) -> dict:
        for n, batch in enumerate(batches(shop_id)):
            set_progress(100 * n // total, "indexing")
        return {"indexed": total}

    record = rebuild_index.enqueue(42, owner=request.user)   # a TaskExecution
    record.pk  # the task id clients poll with task(id:) or GET /api/v1/tasks/<uuid>/

A task is a module-level function called by its dotted path, so any worker process can import
it; its arguments and result must be JSON-serialisable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from rail_django.extensions.tasks.backends.rail_backend import find_record, get_rail_backend
from rail_django.extensions.tasks.models import TaskExecution


def task_name(func: Callable[..., Any] | str) -> str:
    if isinstance(func, str):
        return func
    return f"{func.__module__}.{getattr(func, '__wrapped__', func).__qualname__}"


def enqueue(
    func: Callable[..., Any] | str,
    *args: Any,
    owner: Any = None,
    queue: str | None = None,
    max_retries: int | None = None,
    **kwargs: Any,
) -> TaskExecution:
    """Run ``func(*args, **kwargs)`` in the background and return its ``TaskExecution``.

    It starts when the current transaction commits (at once outside one). ``owner`` (a user)
    may then read it through ``task(id:)``; ``max_retries`` overrides ``task_settings``.
    """
    return get_rail_backend().submit(
        task_name(func), args, kwargs, owner=owner, queue=queue, max_retries=max_retries
    )


def cancel(task_id: Any) -> bool:
    """Cancel a pending or running task; ``False`` when it had already finished or is unknown."""
    if find_record(task_id) is None:
        return False
    return get_rail_backend().cancel(str(task_id))


def get_task(task_id: Any) -> TaskExecution | None:
    """The record of ``task_id`` (``None`` when unknown or malformed), whoever owns it."""
    return find_record(task_id)


def task(
    func: Callable[..., Any] | None = None,
    *,
    queue: str | None = None,
    max_retries: int | None = None,
) -> Any:
    """Declare a task: the function keeps working when called directly and gains
    ``.enqueue(*args, owner=None, **kwargs)``."""

    def declare(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

        def enqueue_it(*args: Any, owner: Any = None, **kwargs: Any) -> TaskExecution:
            return enqueue(
                function, *args, owner=owner, queue=queue, max_retries=max_retries, **kwargs
            )

        wrapper.enqueue = enqueue_it  # type: ignore[attr-defined]
        wrapper.task_name = task_name(function)  # type: ignore[attr-defined]
        return wrapper

    return declare(func) if func is not None else declare
