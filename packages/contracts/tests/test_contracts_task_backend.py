"""The default task backend runs tasks inline and reports status, progress and failures."""

from __future__ import annotations

import pytest

from rail_django.contracts.task_backend import (
    InlineTaskBackend,
    TaskState,
    UnknownTaskError,
    current_task_id,
    get_task_backend,
    report_progress,
)


@pytest.fixture(autouse=True)
def importable_tasks(monkeypatch):
    # The tests folder is not a package; make its task module importable by a dotted name.
    import pathlib
    import sys

    monkeypatch.syspath_prepend(str(pathlib.Path(__file__).parent))
    sys.modules.pop("tasks_for_tests", None)


def test_default_backend_runs_inline(fresh_slots):
    backend = get_task_backend()
    assert isinstance(backend, InlineTaskBackend)
    task_id = backend.enqueue("tasks_for_tests.add", 2, b=3)
    status = backend.status(task_id)
    assert status.state == TaskState.SUCCEEDED
    assert status.result == 5
    assert status.name == "tasks_for_tests.add"


def test_progress_and_current_task_id():
    backend = InlineTaskBackend()
    task_id = backend.enqueue("tasks_for_tests.counting", 4)
    status = backend.status(task_id)
    assert status.result == task_id  # the task saw its own id
    assert status.progress == 1.0
    assert current_task_id() is None
    report_progress(1, 2)  # outside a task: a no-op, not an error


def test_failure_is_a_status_not_an_exception():
    backend = InlineTaskBackend()
    status = backend.status(backend.enqueue("tasks_for_tests.failing"))
    assert status.state == TaskState.FAILED
    assert status.error == "bad input row 3"


def test_unknown_task_id_and_bad_names():
    backend = InlineTaskBackend()
    with pytest.raises(UnknownTaskError):
        backend.status("nope")
    assert backend.status(backend.enqueue("notdotted")).state == TaskState.FAILED
    missing = backend.status(backend.enqueue("tasks_for_tests.missing"))
    assert missing.state == TaskState.FAILED and "missing" in missing.error


def test_kept_statuses_are_bounded():
    backend = InlineTaskBackend(max_kept=2)
    first = backend.enqueue("tasks_for_tests.add", 1, 1)
    backend.enqueue("tasks_for_tests.add", 1, 2)
    backend.enqueue("tasks_for_tests.add", 1, 3)
    with pytest.raises(UnknownTaskError):
        backend.status(first)
