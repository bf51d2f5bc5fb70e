"""The performance middleware: request timings, SQL counts, headers and the slow-query log.

Turned on with Django settings (the guide's names):

- ``GRAPHQL_PERFORMANCE_ENABLED = True``: each GraphQL request counts its SQL queries and their
  time (an ``execute_wrapper`` on every connection, for the request only) and logs its metrics
  at DEBUG on the ``rail_django.core.performance`` logger (``log_performance``);
- ``GRAPHQL_PERFORMANCE_HEADERS = True`` as well: the metrics go to the client, as a standard
  ``Server-Timing`` header, ``X-GraphQL-Duration-Ms`` / ``X-GraphQL-SQL-Queries`` /
  ``X-GraphQL-SQL-Duration-Ms`` headers and ``extensions.performance`` in the body.

Per schema, ``middleware_settings.enable_performance_middleware`` turns all of it off, and a
request slower than ``performance_threshold_ms`` is logged as a WARNING (``log_performance``)
even without ``GRAPHQL_PERFORMANCE_ENABLED`` (measuring the duration costs two clock reads).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpResponse

__all__ = ["RequestMetrics", "SqlCounter"]

logger = logging.getLogger("rail_django.core.performance")


class SqlCounter:
    """An ``execute_wrapper`` counting queries and the time spent in them."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1

    @contextmanager
    def counting(self) -> Iterator[SqlCounter]:
        """Count the queries of every connection inside the block."""
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(self))
            yield self


class RequestMetrics:
    """What one GraphQL request measures, under its schema's ``middleware_settings``."""

    def __init__(self, schema_name: str, middleware: Mapping[str, Any]) -> None:
        self.schema_name = schema_name
        self.started = time.perf_counter()
        self.execute_started: float | None = None
        self.execute_ended: float | None = None
        tracking = bool(middleware.get("enable_performance_middleware", True))
        self.log_performance = tracking and bool(middleware.get("log_performance", True))
        self.threshold_ms = float(middleware.get("performance_threshold_ms") or 0)
        self.detailed = tracking and bool(getattr(settings, "GRAPHQL_PERFORMANCE_ENABLED", False))
        self.headers = self.detailed and bool(
            getattr(settings, "GRAPHQL_PERFORMANCE_HEADERS", False)
        )
        self.sql = SqlCounter() if self.detailed else None
        self.operation_label = "-"

    @contextmanager
    def executing(self) -> Iterator[None]:
        """Time the block as execution and count its SQL (when detailed metrics are on)."""
        self.execute_started = time.perf_counter()
        try:
            if self.sql is None:
                yield
            else:
                with self.sql.counting():
                    yield
        finally:
            self.execute_ended = time.perf_counter()

    def summary(self) -> dict[str, Any]:
        """The request's metrics so far (milliseconds, rounded to 0.01)."""
        now = time.perf_counter()
        total = (now - self.started) * 1000
        summary: dict[str, Any] = {"durationMs": round(total, 2)}
        if self.execute_started is not None:
            prepared = (self.execute_started - self.started) * 1000
            executed = ((self.execute_ended or now) - self.execute_started) * 1000
            summary["prepareMs"] = round(prepared, 2)
            summary["executeMs"] = round(executed, 2)
        if self.sql is not None:
            summary["sqlQueries"] = self.sql.queries
            summary["sqlDurationMs"] = round(self.sql.seconds * 1000, 2)
        return summary

    def extensions(self) -> dict[str, Any]:
        """``{"performance": ...}`` for the response body when headers are on, else nothing."""
        return {"performance": self.summary()} if self.headers else {}

    def finish(self, response: HttpResponse) -> HttpResponse:
        """Add the headers (when on) and write the performance log lines."""
        summary = self.summary()
        if self.headers:
            _add_headers(response, summary)
        if self.log_performance:
            self._log(summary, response.status_code)
        return response

    def _log(self, summary: Mapping[str, Any], status: int) -> None:
        slow = self.threshold_ms and summary["durationMs"] > self.threshold_ms
        level = logging.WARNING if slow else logging.DEBUG
        if not logger.isEnabledFor(level) or not (slow or self.detailed):
            return
        sql = (
            f", {summary['sqlQueries']} SQL queries in {summary['sqlDurationMs']} ms"
            if "sqlQueries" in summary
            else ""
        )
        logger.log(
            level,
            "%s GraphQL %s on schema %r: %s ms (status %s%s)",
            "Slow" if slow else "Timed",
            self.operation_label,
            self.schema_name,
            summary["durationMs"],
            status,
            sql,
            extra={"graphql_schema": self.schema_name, "graphql_metrics": dict(summary)},
        )


def _add_headers(response: HttpResponse, summary: Mapping[str, Any]) -> None:
    timings = [f"total;dur={summary['durationMs']}"]
    if "executeMs" in summary:
        timings.append(f"prepare;dur={summary['prepareMs']}")
        timings.append(f"execute;dur={summary['executeMs']}")
    response["X-GraphQL-Duration-Ms"] = str(summary["durationMs"])
    if "sqlQueries" in summary:
        timings.append(f'sql;dur={summary["sqlDurationMs"]};desc="{summary["sqlQueries"]} queries"')
        response["X-GraphQL-SQL-Queries"] = str(summary["sqlQueries"])
        response["X-GraphQL-SQL-Duration-Ms"] = str(summary["sqlDurationMs"])
    response["Server-Timing"] = ", ".join(timings)
