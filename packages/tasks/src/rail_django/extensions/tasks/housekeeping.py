"""Periodic work of a worker process: due webhook deliveries and expired task records."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger("rail_django.extensions.tasks")

#: Expired task records are looked for at most this often.
CLEANUP_EVERY_SECONDS = 300.0


def delete_expired_tasks() -> int:
    """Delete finished task records older than ``result_ttl_seconds``; returns how many."""
    from rail_django.extensions.tasks.models import FINISHED, TaskExecution
    from rail_django.extensions.tasks.task_settings import task_settings

    cutoff = timezone.now() - timedelta(seconds=task_settings()["result_ttl_seconds"])
    deleted, _ = TaskExecution.objects.filter(status__in=FINISHED, finished_at__lt=cutoff).delete()
    return deleted


def housekeeping_once(*, cleanup: bool = True) -> None:
    from rail_django.webhooks.delivery import dispatch_due

    dispatch_due()
    if cleanup:
        delete_expired_tasks()


def _loop() -> None:
    from rail_django.webhooks.webhook_settings import webhook_settings

    last_cleanup = 0.0
    while True:
        try:
            now = time.monotonic()
            housekeeping_once(cleanup=now - last_cleanup > CLEANUP_EVERY_SECONDS)
            if now - last_cleanup > CLEANUP_EVERY_SECONDS:
                last_cleanup = now
        except Exception:
            logger.exception("task housekeeping failed; trying again")
        finally:
            close_old_connections()
        time.sleep(float(webhook_settings()["poll_seconds"]))


def start_housekeeping() -> threading.Thread:
    thread = threading.Thread(target=_loop, name="rail-housekeeping", daemon=True)
    thread.start()
    return thread
