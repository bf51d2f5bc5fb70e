"""The task backend this package installs in the contracts' ``task_backend`` slot.

One object whatever the engine: it writes the ``TaskExecution`` row, then hands the row's id
to the dispatcher ``task_settings.backend`` names (``sync``, ``thread``, ``dramatiq``) once
the caller's transaction commits, so a rolled-back request starts nothing and no worker reads
a row that is not there yet. Export and templating enqueue through the contract and get the
same records, ``task(id:)`` and REST status for free.
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from rail_django.contracts.task_backend import TaskState, TaskStatus, UnknownTaskError
from rail_django.extensions.tasks.backends.local import (
    QueueFullError,
    SyncDispatcher,
    ThreadDispatcher,
)
from rail_django.extensions.tasks.models import TaskExecution
from rail_django.extensions.tasks.models import TaskStatus as RecordStatus
from rail_django.extensions.tasks.task_settings import task_settings

_STATES = {
    RecordStatus.PENDING: TaskState.PENDING,
    RecordStatus.RUNNING: TaskState.RUNNING,
    RecordStatus.SUCCEEDED: TaskState.SUCCEEDED,
    RecordStatus.FAILED: TaskState.FAILED,
    RecordStatus.CANCELLED: TaskState.FAILED,
}


def run_task_job(execution_id: str) -> float | None:
    from rail_django.extensions.tasks.execution import execute

    backend = get_rail_backend()
    delay = execute(backend, execution_id, backoff=task_settings()["retry_backoff"])
    if delay is None and not task_settings()["track_in_database"]:
        TaskExecution.objects.filter(pk=execution_id, finished_at__isnull=False).delete()
    return delay


def run_webhook_job(message_id: str) -> float | None:
    from rail_django.webhooks.delivery import deliver_message

    deliver_message(int(message_id))
    return None


JOBS = {"rail_task": run_task_job, "rail_webhook": run_webhook_job}


class RailTaskBackend:
    """Records tasks in ``TaskExecution`` and runs them on the configured engine."""

    def __init__(self) -> None:
        self._dispatchers: dict[tuple[Any, ...], Any] = {}
        self._lock = threading.Lock()

    # -- engines -------------------------------------------------------------------------------
    def dispatcher(self) -> Any:
        values = task_settings()
        name = values["backend"]
        key: tuple[Any, ...] = (name,)
        if name == "thread":
            key = (name, values["thread_workers"], values["thread_queue_size"])
        elif name == "dramatiq":
            key = (name, values["broker_url"], values["default_queue"])
        with self._lock:
            found = self._dispatchers.get(key)
            if found is None:
                found = self._dispatchers[key] = self._build(name, values)
            return found

    def _build(self, name: str, values: Any) -> Any:
        if name == "thread":
            return ThreadDispatcher(values["thread_workers"], values["thread_queue_size"])
        if name == "dramatiq":
            from rail_django.extensions.tasks.backends.dramatiq_engine import DramatiqDispatcher

            return DramatiqDispatcher(values["broker_url"], JOBS, values["default_queue"])
        return SyncDispatcher()

    def send_job(self, job: str, argument: str, *, delay: float = 0.0, on_commit: bool = True):
        """Hand ``argument`` to the ``job`` (``rail_task`` / ``rail_webhook``) after commit."""
        dispatcher = self.dispatcher()

        def send() -> None:
            try:
                dispatcher.send(JOBS[job], argument, delay)
            except QueueFullError as error:
                # Full between the capacity check and the commit: the caller already has its
                # answer, so the record says what happened instead of an exception after commit.
                if job == "rail_task":
                    TaskExecution.objects.filter(pk=argument).update(
                        status=RecordStatus.FAILED, error=error.message, finished_at=timezone.now()
                    )

        if on_commit:
            transaction.on_commit(send)
        else:
            send()

    def close(self) -> None:
        with self._lock:
            dispatchers, self._dispatchers = list(self._dispatchers.values()), {}
        for dispatcher in dispatchers:
            dispatcher.close()

    # -- the package's API ---------------------------------------------------------------------
    def submit(
        self,
        name: str,
        args: Any = (),
        kwargs: Any = None,
        *,
        owner: Any = None,
        queue: str | None = None,
        max_retries: int | None = None,
    ) -> TaskExecution:
        values = task_settings()
        self.dispatcher().check_capacity()
        record = TaskExecution.objects.create(
            name=name,
            queue=queue or values["default_queue"],
            backend=values["backend"],
            arguments={"args": list(args), "kwargs": dict(kwargs or {})},
            max_retries=values["max_retries"] if max_retries is None else max_retries,
            owner=owner if getattr(owner, "is_authenticated", False) else None,
        )
        self.send_job("rail_task", str(record.pk))
        return record

    def cancel(self, task_id: str) -> bool:
        """Cancel a pending or running task. A pending one never starts; a running one stops at
        its next ``set_progress`` (Python cannot stop a thread from outside)."""
        return bool(
            TaskExecution.objects.filter(
                pk=task_id, status__in=(RecordStatus.PENDING, RecordStatus.RUNNING)
            ).update(
                status=RecordStatus.CANCELLED,
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
        )

    # -- the contracts' TaskBackend --------------------------------------------------------------
    def enqueue(self, name: str, *args: Any, **kwargs: Any) -> str:
        return str(self.submit(name, args, kwargs).pk)

    def status(self, task_id: str) -> TaskStatus:
        record = find_record(task_id)
        if record is None:
            raise UnknownTaskError(task_id)
        return TaskStatus(
            task_id=str(record.pk),
            name=record.name,
            state=_STATES[record.status],
            progress=record.progress / 100,
            result=record.result,
            error=record.error
            or ("cancelled" if record.status == RecordStatus.CANCELLED else None),
        )

    def report_progress(self, task_id: str, done: int, total: int) -> None:
        from rail_django.extensions.tasks.progress import set_progress

        set_progress(100 if total <= 0 else round(100 * done / total))


def find_record(task_id: Any) -> TaskExecution | None:
    """The record of ``task_id``, or ``None`` when it is unknown or not a UUID."""
    try:
        key = uuid.UUID(str(task_id))
    except ValueError:
        return None
    return TaskExecution.objects.filter(pk=key).first()


_backend = RailTaskBackend()


def get_rail_backend() -> RailTaskBackend:
    return _backend
