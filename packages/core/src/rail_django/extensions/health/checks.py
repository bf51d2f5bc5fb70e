"""One check per dependency a Rail Django process needs: databases, caches, the channel layer,
the task backend, file storage and pending migrations.

Each check returns a :class:`ComponentStatus` and never raises: a failure is the answer
``unhealthy`` with a message safe to show an operator (the exception's class, not its text,
which can hold a DSN).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import connections
from django.utils.translation import gettext, ngettext


class Status(StrEnum):
    """A component's (or the whole report's) state, as the guide names them."""

    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"


@dataclass(frozen=True)
class ComponentStatus:
    """The result of one check."""

    kind: str  # databases, caches, channel_layers, task_backends, storages, migrations
    name: str
    status: Status
    message: str
    response_time_ms: float = 0.0
    #: A failure here makes the process not ready (databases); others only degrade it.
    critical: bool = False


@dataclass(frozen=True)
class Check:
    """A named check, run by the readiness runner in a thread of its own."""

    kind: str
    name: str
    run: Callable[[], tuple[Status, str]]
    critical: bool = False


def _failure(exc: BaseException) -> tuple[Status, str]:
    return Status.UNHEALTHY, gettext("Check failed: %(error)s") % {"error": type(exc).__name__}


def database_check(alias: str) -> Check:
    def run() -> tuple[Status, str]:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            # A check runs in a worker thread: its connection must not outlive it.
            connection.close()
        return Status.HEALTHY, gettext("Connected.")

    return Check("databases", alias, run, critical=True)


def cache_check(alias: str) -> Check:
    def run() -> tuple[Status, str]:
        from django.core.cache import caches

        cache = caches[alias]
        key = f"rail-health:{uuid.uuid4().hex}"
        cache.set(key, "1", 5)
        value = cache.get(key)
        cache.delete(key)
        if value != "1":
            return Status.UNHEALTHY, gettext("A value written could not be read back.")
        return Status.HEALTHY, gettext("Read and write succeeded.")

    return Check("caches", alias, run)


def channel_layer_check(alias: str) -> Check:
    def run() -> tuple[Status, str]:
        from asgiref.sync import async_to_sync
        from channels.layers import get_channel_layer

        layer = get_channel_layer(alias)
        if layer is None:
            return Status.UNHEALTHY, gettext("The channel layer is not configured.")
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.send)(channel, {"type": "health.ping"})
        message = async_to_sync(layer.receive)(channel)
        if message.get("type") != "health.ping":
            return Status.UNHEALTHY, gettext("A message sent could not be received.")
        return Status.HEALTHY, gettext("Send and receive succeeded.")

    return Check("channel_layers", alias, run)


def task_backend_check() -> Check:
    def run() -> tuple[Status, str]:
        from rail_django.contracts.task_backend import get_task_backend

        backend = get_task_backend()
        return Status.HEALTHY, gettext("Backend %(name)s is installed.") % {
            "name": type(backend).__name__
        }

    return Check("task_backends", "default", run)


def storage_check() -> Check:
    def run() -> tuple[Status, str]:
        from django.core.files.storage import default_storage

        default_storage.exists(f"rail-health-{uuid.uuid4().hex}")
        return Status.HEALTHY, gettext("Storage %(name)s answers.") % {
            "name": type(default_storage).__name__
        }

    return Check("storages", "default", run)


def migrations_check(alias: str = "default") -> Check:
    def run() -> tuple[Status, str]:
        from django.db.migrations.executor import MigrationExecutor

        connection = connections[alias]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
        if plan:
            return Status.DEGRADED, ngettext(
                "%(count)d migration not applied.", "%(count)d migrations not applied.", len(plan)
            ) % {"count": len(plan)}
        return Status.HEALTHY, gettext("No migration pending.")

    return Check("migrations", alias, run)


def default_checks() -> list[Check]:
    """Every check this project's settings call for."""
    checks = [database_check(alias) for alias in connections]
    checks += [cache_check(alias) for alias in settings.CACHES]
    for alias in getattr(settings, "CHANNEL_LAYERS", None) or {}:
        checks.append(channel_layer_check(alias))
    checks += [task_backend_check(), storage_check(), migrations_check()]
    return checks


def run_check(check: Check) -> ComponentStatus:
    """Run ``check`` and time it; any exception is an ``unhealthy`` answer."""
    started = time.perf_counter()
    try:
        status, message = check.run()
    except Exception as exc:  # a check answers, it never raises
        status, message = _failure(exc)
    elapsed = (time.perf_counter() - started) * 1000
    return ComponentStatus(
        check.kind, check.name, status, message, round(elapsed, 2), critical=check.critical
    )


def unanswered(check: Check, seconds: float) -> ComponentStatus:
    """The answer of a check still running when its time ran out."""
    message = gettext("No answer within %(seconds)s s.") % {"seconds": seconds}
    return ComponentStatus(
        check.kind, check.name, Status.UNHEALTHY, message, seconds * 1000, critical=check.critical
    )
