"""The ``dramatiq`` dispatcher: jobs as dramatiq messages on Redis or RabbitMQ.

Two actors carry everything: ``rail_task`` (run a ``TaskExecution`` by id) and
``rail_webhook`` (deliver one webhook outbox row by id). Messages hold only ids; the rows are
the truth, so a message delivered twice (dramatiq delivers at least once) is harmless.
Retries are this package's (``max_retries`` / ``retry_backoff``), sent as delayed messages;
dramatiq's own retries serve one case only: a database error around the job (a lock, a
fail-over, a dropped connection) redelivers the message with backoff instead of dropping it.

Run a worker with ``dramatiq rail_django.extensions.tasks.worker`` (``DJANGO_SETTINGS_MODULE``
set); the worker module sets Django up and builds the broker from ``task_settings.broker_url``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_LOCK = threading.Lock()
_ACTORS: dict[str, Any] = {}


def make_broker(url: str, *, heartbeat_timeout_ms: int = 60000) -> Any:
    """A dramatiq broker for ``url`` (``redis://`` or ``amqp://``)."""
    if url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    from dramatiq.brokers.redis import RedisBroker

    # A killed worker's unacknowledged messages go back to the queue once its heartbeat is
    # older than this (checked on a share of the broker's commands).
    return RedisBroker(url=url, heartbeat_timeout=heartbeat_timeout_ms, maintenance_chance=10000)


def declare_actors(
    broker: Any,
    task_job: Callable[[str], Any],
    webhook_job: Callable[[str], Any],
    queue: str = "default",
):
    """Declare the two actors on ``broker`` (once per broker), on ``queue``."""
    import dramatiq

    with _LOCK:
        key = id(broker)
        actors = _ACTORS.get(key)
        if actors is None:
            options = {
                "broker": broker,
                "queue_name": queue,
                "max_retries": 0,
                "retry_when": _database_hiccup,
                "min_backoff": 500,
                "max_backoff": 30_000,
                "time_limit": 24 * 3600 * 1000,
            }
            task_actor = dramatiq.actor(actor_name="rail_task", **options)(
                _wrap(task_job, "rail_task")
            )
            webhook_actor = dramatiq.actor(actor_name="rail_webhook", **options)(
                _wrap(webhook_job, "rail_webhook")
            )
            actors = _ACTORS[key] = {"rail_task": task_actor, "rail_webhook": webhook_actor}
        return actors


#: How often a message whose job met a database error is redelivered before it is dropped.
DATABASE_RETRIES = 20


def _database_hiccup(retries: int, exception: BaseException) -> bool:
    from django.db import DatabaseError

    return isinstance(exception, DatabaseError) and retries < DATABASE_RETRIES


def _wrap(job: Callable[[str], Any], actor_name: str) -> Callable[[str], None]:
    def run(argument: str) -> None:
        from django.db import close_old_connections

        close_old_connections()
        try:
            delay = job(argument)
        finally:
            close_old_connections()
        if delay is not None:
            import dramatiq

            dramatiq.get_broker().get_actor(actor_name).send_with_options(
                args=(argument,), delay=int(delay * 1000)
            )

    run.__name__ = actor_name
    return run


class DramatiqDispatcher:
    """Sends jobs to the broker at ``url``; the worker processes run them."""

    name = "dramatiq"

    def __init__(
        self, url: str, jobs: dict[str, Callable[[str], Any]], queue: str = "default"
    ) -> None:
        import dramatiq

        self.broker = make_broker(url)
        dramatiq.set_broker(self.broker)
        self._actors = declare_actors(self.broker, jobs["rail_task"], jobs["rail_webhook"], queue)
        self._by_job = {
            id(jobs["rail_task"]): "rail_task",
            id(jobs["rail_webhook"]): "rail_webhook",
        }

    def check_capacity(self) -> None:
        return None

    def send(self, job: Callable[[str], Any], argument: str, delay: float = 0.0) -> None:
        actor = self._actors[self._by_job[id(job)]]
        actor.send_with_options(args=(argument,), delay=int(delay * 1000) or None)

    def close(self) -> None:
        self.broker.close()
