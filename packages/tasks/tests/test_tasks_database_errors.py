"""A database error around a task (a lock held too long, a fail-over) delays it; it never loses it.

A real dramatiq worker on Redis runs a task; while the task runs, the test locks the task table
from another connection, so the worker's "finished" write fails with its database's lock
timeout. The message must come back (dramatiq's retries, for database errors only) and the task
finish once the lock is gone.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator

import pytest
from tasks_harness import REDIS_URL, Worker, flush_redis, shared_database, wait_for
from tasks_testapp import jobs

from rail_django.extensions.tasks import enqueue
from rail_django.extensions.tasks.backends.rail_backend import get_rail_backend
from rail_django.extensions.tasks.models import TaskExecution

__all__ = ["shared_database"]

pytestmark = pytest.mark.django_db(transaction=True)
SETTINGS = {
    "backend": "dramatiq",
    "broker_url": REDIS_URL,
    "default_queue": f"rail_db_errors_{os.getpid()}",
    "retry_backoff": False,
    "max_retries": 0,
}


def impatient(database: dict) -> dict:
    """The same database, with a lock timeout of a fraction of a second."""
    options = dict(database.get("OPTIONS", {}))
    if database["ENGINE"].endswith("sqlite3"):
        options["timeout"] = 0.3
    else:
        options["options"] = "-c lock_timeout=300"
    return {**database, "OPTIONS": options}


@contextlib.contextmanager
def table_locked(database: dict) -> Iterator[None]:
    """Hold a lock that stops every write to the task table (and, on SQLite, every read)."""
    if database["ENGINE"].endswith("sqlite3"):
        locker = sqlite3.connect(database["NAME"], isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
    else:
        import psycopg

        locker = psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
        )
        locker.execute(f"LOCK TABLE {TaskExecution._meta.db_table} IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        locker.rollback()
        locker.close()


@pytest.fixture(scope="module")
def worker(shared_database):
    flush_redis()
    started = Worker(impatient(shared_database), {"task_settings": SETTINGS}).start()
    yield started
    started.stop()
    get_rail_backend().close()


def test_a_write_refused_by_a_lock_is_retried_until_the_task_finishes(
    worker, shared_database, settings, tmp_path
):
    settings.RAIL_DJANGO_GRAPHQL = {"task_settings": SETTINGS}
    release = tmp_path / "go"
    record = enqueue(jobs.wait_for_file, str(release))
    wait_for(lambda: TaskExecution.objects.filter(pk=record.pk, status="running").exists())
    with table_locked(shared_database):
        release.touch()
        wait_for(lambda: b"Retrying message" in worker.log.read_bytes(), 30)

    def done() -> TaskExecution | None:
        record.refresh_from_db()
        return record if record.finished else None

    finished = wait_for(done, 60)
    assert (finished.status, finished.result) == ("succeeded", "go")
    assert finished.attempts >= 2  # the first run's "finished" write was refused
