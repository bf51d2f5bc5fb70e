"""The in-process dispatchers: ``sync`` (inline, for tests and scripts) and ``thread``.

``thread`` is a fixed pool of worker threads over a bounded queue: when the queue is full a new
job is refused with ``RAIL_GQL_TASK_QUEUE_FULL`` instead of growing memory or threads without
limit. Jobs queued there are lost if the process dies: use ``dramatiq`` for work that must
survive a restart.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from django.db import DatabaseError, close_old_connections, connection
from django.utils.translation import gettext as _

from rail_django.contracts.error_codes import ErrorCode, RailError

logger = logging.getLogger("rail_django.extensions.tasks")

#: A job: (function to call with the argument; returns a retry delay or None), argument.
Job = Callable[[str], "float | None"]
#: How often a job that met a database error is run again before it is given up (logged).
DATABASE_RETRIES = 20


class QueueFullError(RailError):
    def __init__(self) -> None:
        super().__init__(
            _("Too many background tasks are waiting; try again later."),
            ErrorCode.TASK_QUEUE_FULL,
        )


class SyncDispatcher:
    """Runs a job at once in the caller's thread; a retry runs at once too (no waiting)."""

    name = "sync"

    def check_capacity(self) -> None:
        return None

    def send(self, job: Job, argument: str, delay: float = 0.0) -> None:
        for _attempt in range(100):  # bounded even if a job kept asking for retries
            if job(argument) is None:
                return

    def close(self) -> None:
        return None


class ThreadDispatcher:
    """``workers`` daemon threads take jobs from a queue of at most ``queue_size``."""

    name = "thread"

    def __init__(self, workers: int, queue_size: int) -> None:
        self._queue: queue.Queue[tuple[Job, str] | None] = queue.Queue(maxsize=queue_size)
        self._threads = [
            threading.Thread(target=self._work, name=f"rail-task-{n}", daemon=True)
            for n in range(workers)
        ]
        self._timers: set[threading.Timer] = set()
        self._hiccups: dict[str, int] = {}
        self._lock = threading.Lock()
        for thread in self._threads:
            thread.start()

    def check_capacity(self) -> None:
        if self._queue.full():
            raise QueueFullError()

    def send(self, job: Job, argument: str, delay: float = 0.0) -> None:
        if delay > 0:
            timer = threading.Timer(delay, self._put_later, args=(job, argument))
            timer.daemon = True
            with self._lock:
                self._timers.add(timer)
            timer.start()
            return
        try:
            self._queue.put_nowait((job, argument))
        except queue.Full:
            raise QueueFullError() from None

    def _put_later(self, job: Job, argument: str) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t.is_alive()}
        try:
            self._queue.put((job, argument), timeout=60)
        except queue.Full:
            logger.error("thread task queue still full after 60 s: retry of %s dropped", argument)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, argument = item
            try:
                delay = job(argument)
                if delay is not None:
                    self.send(job, argument, delay)
                self._hiccups.pop(argument, None)
            except DatabaseError:
                # A lock or a dropped connection must not lose the job: run it again shortly.
                hiccups = self._hiccups[argument] = self._hiccups.get(argument, 0) + 1
                if hiccups > DATABASE_RETRIES:
                    logger.exception("background job %r: the database kept failing", argument)
                    self._hiccups.pop(argument, None)
                else:
                    logger.warning("background job %r met a database error; retrying", argument)
                    self.send(job, argument, min(30.0, 0.5 * 2 ** (hiccups - 1)))
            except Exception:
                logger.exception("background job %r failed", argument)
            finally:
                # Each thread has its own connection: do not leave them open per job.
                close_old_connections()
                connection.close()

    def close(self) -> None:
        with self._lock:
            for timer in self._timers:
                timer.cancel()
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=5)
