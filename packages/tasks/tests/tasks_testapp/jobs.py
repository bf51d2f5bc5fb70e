"""Tasks the behavioural suite runs on every backend (module-level: workers import them)."""

from __future__ import annotations

import os
import threading
import time

from rail_django.extensions.tasks import TaskFailure, set_progress, task
from rail_django.extensions.tasks.models import TaskExecution


@task
def add(a: int, b: int) -> dict:
    return {"sum": a + b}


def generate_report(dataset_id: str) -> dict:
    set_progress(50, "counting rows")
    return {"dataset": dataset_id, "rows": 3}


def with_progress() -> str:
    set_progress(40, "halfway there")
    return "done"


def refuse(reason: str) -> None:
    raise TaskFailure(reason)


def crash() -> None:
    raise RuntimeError("secret internals /etc/passwd")


def flaky(marker: str) -> str:
    """Fails on its first attempt, succeeds on the next (the attempt count is in the record)."""
    from rail_django.contracts.task_backend import current_task_id

    record = TaskExecution.objects.get(pk=current_task_id())
    if record.attempts < 2:
        raise RuntimeError("first attempt fails")
    return marker


def slow(seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        set_progress(10, "waiting")  # a cancelled task stops here
        time.sleep(0.05)
    return "slept"


def wait_for_file(path: str) -> str:
    """Runs until ``path`` exists (another process creates it), then returns its name."""
    while not os.path.exists(path):
        time.sleep(0.02)
    return os.path.basename(path)


_HELD: dict[str, threading.Event] = {}


def held(name: str) -> str:
    """Occupies a worker thread until :func:`release` is called with ``name`` in the same
    process (the thread backend), without writing; gives up after a minute."""
    _HELD.setdefault(name, threading.Event()).wait(60)
    return name


def release(name: str) -> None:
    _HELD.setdefault(name, threading.Event()).set()
