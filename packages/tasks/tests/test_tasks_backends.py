"""One behavioural suite, four engines: sync, thread, and dramatiq on Redis and on RabbitMQ.

The dramatiq runs start a real worker process; the test process only enqueues and reads the
``TaskExecution`` rows the worker writes.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from tasks_harness import RABBIT_URL, REDIS_URL, Worker, flush_redis, shared_database, wait_for
from tasks_testapp import jobs

from rail_django.contracts.task_backend import TaskState, get_task_backend
from rail_django.extensions.tasks import cancel, enqueue, get_task
from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend
from rail_django.extensions.tasks.models import TaskExecution

__all__ = ["shared_database"]

pytestmark = pytest.mark.django_db(transaction=True)
QUEUE = f"rail_test_{os.getpid()}"
ENGINES = {
    "sync": {"backend": "sync"},
    "thread": {"backend": "thread", "thread_workers": 2, "thread_queue_size": 20},
    "dramatiq-redis": {"backend": "dramatiq", "broker_url": REDIS_URL, "default_queue": QUEUE},
    "dramatiq-rabbitmq": {
        "backend": "dramatiq",
        "broker_url": RABBIT_URL,
        "default_queue": QUEUE,
    },
}


@pytest.fixture(scope="module", params=list(ENGINES))
def engine(request, shared_database):
    values = {**ENGINES[request.param], "retry_backoff": False, "max_retries": 1}
    worker = None
    if values["backend"] == "dramatiq":
        flush_redis()
        worker = Worker(shared_database, {"task_settings": values}).start()
    yield values
    if worker:
        worker.stop()
    get_rail_backend().close()


@pytest.fixture(autouse=True)
def task_settings(engine, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": engine}
    return engine


def finished(record: TaskExecution) -> TaskExecution:
    def done():
        record.refresh_from_db()
        return record.finished

    wait_for(done)
    return record


def test_a_task_runs_and_its_result_is_recorded():
    record = finished(jobs.add.enqueue(2, 3))
    assert (record.status, record.result, record.progress) == ("succeeded", {"sum": 5}, 100)
    assert record.attempts == 1 and record.started_at and record.finished_at


def test_the_contracts_backend_runs_the_same_tasks():
    task_id = get_task_backend().enqueue("tasks_testapp.jobs.add", 1, 1)
    record = finished(TaskExecution.objects.get(pk=task_id))
    status = get_task_backend().status(task_id)
    assert (status.state, status.result, status.progress) == (TaskState.SUCCEEDED, {"sum": 2}, 1.0)
    assert record.status == "succeeded"


def test_progress_reported_inside_the_task_is_recorded():
    record = finished(enqueue(jobs.with_progress))
    assert record.result == "done"
    assert record.progress_message == "halfway there"


def test_a_refusal_is_shown_and_a_crash_is_not():
    refused = finished(enqueue(jobs.refuse, "dataset is empty", max_retries=0))
    assert (refused.status, refused.error) == ("failed", "dataset is empty")
    crashed = finished(enqueue(jobs.crash, max_retries=0))
    assert crashed.status == "failed"
    assert crashed.error == "The task failed." and "passwd" not in crashed.error


def test_a_failing_task_is_retried_up_to_max_retries():
    record = finished(enqueue(jobs.flaky, "second time lucky"))
    assert (record.status, record.result, record.attempts) == ("succeeded", "second time lucky", 2)
    gave_up = finished(enqueue(jobs.crash))  # max_retries=1: two attempts, then failed
    assert (gave_up.status, gave_up.attempts) == ("failed", 2)


def test_a_task_enqueued_in_a_rolled_back_transaction_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        record = jobs.add.enqueue(1, 2)
        raise RuntimeError("roll back")
    assert not TaskExecution.objects.filter(pk=record.pk).exists()


def test_a_running_task_can_be_cancelled(task_settings):
    if task_settings["backend"] == "sync":
        pytest.skip("sync runs the task inside enqueue: there is nothing left to cancel")
    record = enqueue(jobs.slow, 20)
    wait_for(lambda: TaskExecution.objects.filter(pk=record.pk, status="running").exists())
    assert cancel(record.pk) is True
    wait_for(lambda: get_task(record.pk).finished)
    record.refresh_from_db()
    assert record.status == "cancelled" and record.result is None
    assert cancel(record.pk) is False  # finished tasks stay as they are
