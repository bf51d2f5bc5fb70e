"""``performance_settings.query_timeout``: a deadline on the SQL a GraphQL request runs.

While a request executes, every database connection carries an ``execute_wrapper`` that

- refuses to start a query once the deadline (request start + ``query_timeout`` seconds) has
  passed, so a request of many queries cannot run on for ever one query at a time;
- stops a query that runs past the deadline:
  - PostgreSQL: ``statement_timeout`` is set to ``query_timeout`` on the connection at its first
    query (``set_config(..., is_local)``: transaction-local inside a transaction, else for the
    session) and put back as it was when the request ends. The server cancels the statement;
  - SQLite: a progress handler checks the deadline every few thousand virtual-machine steps
    and interrupts the statement once it has passed;
  - other databases: only the check before each query;
- turns the database's cancellation into ``RailError(..., ErrorCode.QUERY_TIMEOUT)``, so the
  client sees ``RAIL_GQL_QUERY_TIMEOUT`` on the fields that were cut, never an internal error.

The statements that set and restore ``statement_timeout`` run on the driver's own cursor: they
are not the application's queries, so Django's query log (and query-count assertions) do not see
them. A request is bounded at about ``query_timeout`` of SQL; one statement started just before
the deadline may run its own ``query_timeout`` (PostgreSQL) before it is cancelled.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import DatabaseError, connections

from rail_django.contracts.error_codes import ErrorCode, RailError

__all__ = ["QueryDeadline", "query_deadline"]

#: SQLite virtual-machine instructions between two deadline checks (about a millisecond).
SQLITE_CHECK_EVERY = 5_000
_POSTGRES_QUERY_CANCELED = "57014"


class QueryDeadline:
    """An ``execute_wrapper`` enforcing one request's deadline on every connection it uses."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self._prepared: dict[int, tuple[Any, Any]] = {}

    def expired(self) -> bool:
        return time.monotonic() >= self.deadline

    def error(self) -> RailError:
        return RailError(
            f"The query ran longer than this schema allows ({self.seconds:g} s, "
            "performance_settings.query_timeout) and was stopped.",
            ErrorCode.QUERY_TIMEOUT,
        )

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if self.expired():
            raise self.error()
        connection = context["connection"]
        if id(connection) not in self._prepared:
            self._prepare(connection, context["cursor"])
        try:
            return execute(sql, params, many, context)
        except DatabaseError as exc:
            if self.expired() or _canceled(exc):
                raise self.error() from exc
            raise

    def _prepare(self, connection: Any, cursor: Any) -> None:
        undo: Any = None
        if connection.vendor == "postgresql":
            undo = self._postgres_timeout(connection, cursor)
        elif connection.vendor == "sqlite":
            undo = self._sqlite_handler(connection)
        self._prepared[id(connection)] = (connection, undo)

    def _postgres_timeout(self, connection: Any, cursor: Any) -> Any:
        milliseconds = max(1, int(self.seconds * 1000))
        local = not connection.get_autocommit()
        raw = cursor.cursor  # the driver's cursor: not logged as an application query
        raw.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, %s)",
            (str(milliseconds), local),
        )
        previous = raw.fetchone()[0]

        def restore() -> None:
            if connection.connection is None:
                return
            try:
                with connection.connection.cursor() as restoring:
                    restoring.execute(
                        "SELECT set_config('statement_timeout', %s, %s)", (previous, local)
                    )
            except connection.Database.Error:
                # An aborted transaction refuses it; rolling the transaction back restores a
                # transaction-local setting anyway.
                pass

        return restore

    def _sqlite_handler(self, connection: Any) -> Any:
        raw = connection.connection
        deadline = self.deadline

        def interrupt_when_late() -> int:
            return 1 if time.monotonic() >= deadline else 0

        raw.set_progress_handler(interrupt_when_late, SQLITE_CHECK_EVERY)

        def remove() -> None:
            if connection.connection is raw:
                raw.set_progress_handler(None, SQLITE_CHECK_EVERY)

        return remove

    def release(self) -> None:
        """Put every connection back as the request found it."""
        for _connection, undo in self._prepared.values():
            if undo is not None:
                undo()
        self._prepared.clear()


def _canceled(exc: BaseException) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == _POSTGRES_QUERY_CANCELED


@contextmanager
def query_deadline(seconds: float | None) -> Iterator[QueryDeadline | None]:
    """Enforce ``seconds`` on the SQL run inside the block (``None``: no deadline)."""
    if not seconds:
        yield None
        return
    deadline = QueryDeadline(seconds)
    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(deadline))
        try:
            yield deadline
        finally:
            deadline.release()
