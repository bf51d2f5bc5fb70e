"""The task backend contract: enqueue work, ask how it is going, get its result.

Export and templating run long jobs through :data:`task_backend`. The default,
:class:`InlineTaskBackend`, runs a task at once in the caller's thread, so everything works with
no worker process; the tasks package installs a queue-backed backend.
"""

from __future__ import annotations

import contextvars
import importlib
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable

from rail_django.contracts.service_slot import ServiceSlot


class TaskState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class TaskStatus:
    """Where a task stands. ``progress`` is a fraction in [0, 1] when the task reports one;
    ``error`` a message safe to show when it failed."""

    task_id: str
    name: str
    state: TaskState
    progress: float | None = None
    result: Any = None
    error: str | None = None


class UnknownTaskError(LookupError):
    """No task with that id is known to the backend."""


@runtime_checkable
class TaskBackend(Protocol):
    """Runs named tasks. ``name`` is a dotted path to a module-level function, so a task can
    cross process boundaries; its arguments must be JSON-serialisable."""

    def enqueue(self, name: str, *args: Any, **kwargs: Any) -> str:
        """Schedule ``name(*args, **kwargs)`` and return its task id."""
        ...

    def status(self, task_id: str) -> TaskStatus:
        """The task's current status; :class:`UnknownTaskError` for an unknown id."""
        ...

    def report_progress(self, task_id: str, done: int, total: int) -> None:
        """Record progress (called from inside the task through :func:`report_progress`)."""
        ...


_current_task: contextvars.ContextVar[tuple[TaskBackend, str] | None] = contextvars.ContextVar(
    "rail_django_current_task", default=None
)


def current_task_id() -> str | None:
    """The id of the task running in this context, if any."""
    current = _current_task.get()
    return current[1] if current else None


def report_progress(done: int, total: int) -> None:
    """Report progress of the running task to its backend; a no-op outside a task."""
    current = _current_task.get()
    if current is not None:
        backend, task_id = current
        backend.report_progress(task_id, done, total)


def resolve_task(name: str) -> Any:
    """Import the function a dotted task name points to."""
    module_name, _, attr = name.rpartition(".")
    if not module_name:
        raise ValueError(f"task name {name!r} must be a dotted path such as 'app.tasks.func'")
    return getattr(importlib.import_module(module_name), attr)


def run_task(backend: TaskBackend, task_id: str, name: str, args: Any, kwargs: Any) -> Any:
    """Run a task with ``task_id`` as the current task (for backends' workers)."""
    token = _current_task.set((backend, task_id))
    try:
        return resolve_task(name)(*args, **kwargs)
    finally:
        _current_task.reset(token)


class InlineTaskBackend:
    """Runs each task synchronously inside ``enqueue``; keeps the last ``max_kept`` statuses.

    A failing task does not raise out of ``enqueue``: its status says ``failed`` with the
    exception's message, as it would with a real queue.
    """

    def __init__(self, max_kept: int = 1000) -> None:
        self._statuses: OrderedDict[str, TaskStatus] = OrderedDict()
        self._max_kept = max_kept
        self._lock = threading.Lock()

    def enqueue(self, name: str, *args: Any, **kwargs: Any) -> str:
        task_id = uuid.uuid4().hex
        self._store(TaskStatus(task_id, name, TaskState.RUNNING))
        try:
            result = run_task(self, task_id, name, args, kwargs)
        except Exception as exc:
            self._update(task_id, state=TaskState.FAILED, error=str(exc) or type(exc).__name__)
        else:
            self._update(task_id, state=TaskState.SUCCEEDED, result=result, progress=1.0)
        return task_id

    def status(self, task_id: str) -> TaskStatus:
        with self._lock:
            try:
                return self._statuses[task_id]
            except KeyError:
                raise UnknownTaskError(task_id) from None

    def report_progress(self, task_id: str, done: int, total: int) -> None:
        fraction = 1.0 if total <= 0 else max(0.0, min(1.0, done / total))
        self._update(task_id, progress=fraction)

    def _store(self, status: TaskStatus) -> None:
        with self._lock:
            self._statuses[status.task_id] = status
            while len(self._statuses) > self._max_kept:
                self._statuses.popitem(last=False)

    def _update(self, task_id: str, **changes: Any) -> None:
        with self._lock:
            if task_id in self._statuses:
                self._statuses[task_id] = replace(self._statuses[task_id], **changes)


#: The active task backend.
task_backend: ServiceSlot[TaskBackend] = ServiceSlot("task backend", InlineTaskBackend)


def get_task_backend() -> TaskBackend:
    return task_backend.get()
