"""``performance_settings.query_timeout``: a deadline on the SQL a GraphQL request runs.

While a request executes, every database connection carries an ``execute_wrapper`` that

- refuses to start a query once the deadline (request start + ``query_timeout`` seconds) has
  passed, so a request of many queries cannot run on for ever one query at a time;
- stops a query that runs past the deadline:
  - PostgreSQL: the connection's ``statement_timeout`` is made ``query_timeout`` (the server then
    cancels the statement). Each connection remembers the value it was given, so a request
    whose connection already carries its timeout sends no statement at all (the steady state
    with persistent connections); a different value is set with one statement before the
    request's first query: for the session in autocommit mode (and kept after the request), or
    ``SET LOCAL`` (``set_config(..., true)``) inside a transaction, which the transaction's end
    undoes. A request of a schema without ``query_timeout`` puts back the value the connection
    had before Rail Django first touched it (so does :func:`restore_statement_timeouts`).
    Non-Rail code that later uses the same persistent
    connection meets the last timeout set: give such code its own limit with
    ``SET statement_timeout`` or the connection's ``OPTIONS`` if it matters;
  - SQLite: a progress handler checks the deadline every few thousand virtual-machine steps
    and interrupts the statement once it has passed;
  - other databases: only the check before each query;
- turns the database's cancellation into ``RailError(..., ErrorCode.QUERY_TIMEOUT)``, so the
  client sees ``RAIL_GQL_QUERY_TIMEOUT`` on the fields that were cut, never an internal error.

The statement that sets ``statement_timeout`` runs on the driver's own cursor: it is not one of
the application's queries, so Django's query log (and query-count assertions) do not see it. A
request is bounded at about ``query_timeout`` of SQL; one statement started just before the
deadline may run its own ``query_timeout`` (PostgreSQL) before it is cancelled. Behind a
transaction-pooling proxy (PgBouncer ``pool_mode = transaction``) a session setting does not
stay with the client: use ``ATOMIC_REQUESTS`` there, so the timeout is always ``SET LOCAL``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from typing import Any

from django.db import DatabaseError, connections
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError

__all__ = ["QueryDeadline", "query_deadline", "restore_statement_timeouts"]

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
            gettext(
                "The query ran longer than this schema allows (%(seconds)s s, "
                "performance_settings.query_timeout) and was stopped."
            )
            % {"seconds": f"{self.seconds:g}"},
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
        wanted = str(max(1, int(self.seconds * 1000)))
        session = _session_timeout(connection)
        if session is not None and session.current == wanted:
            return None  # the connection already carries this timeout: no statement
        raw = cursor.cursor  # the driver's cursor: not logged as an application query
        if not connection.get_autocommit():
            # Inside a transaction: transaction-local, undone by its commit or rollback (a
            # session-level SET would be undone by a rollback too, and then remembered wrongly).
            raw.execute("SELECT set_config('statement_timeout', %s, true)", (wanted,))
            return None
        raw.execute(
            "SELECT current_setting('statement_timeout'), "
            "set_config('statement_timeout', %s, false)",
            (wanted,),
        )
        original = session.original if session is not None else raw.fetchone()[0]
        setattr(
            connection, _SESSION_ATTRIBUTE, _SessionTimeout(connection.connection, original, wanted)
        )
        return None

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


_SESSION_ATTRIBUTE = "_rail_statement_timeout"


@dataclass(frozen=True)
class _SessionTimeout:
    """The ``statement_timeout`` Rail Django gave one PostgreSQL session (``raw``: the driver's
    connection it was set on) and the value the session had before (``original``)."""

    raw: Any
    original: str
    current: str


def _session_timeout(connection: Any) -> _SessionTimeout | None:
    session = getattr(connection, _SESSION_ATTRIBUTE, None)
    if session is None or session.raw is not connection.connection:
        return None  # never set, or the connection was closed and opened again since
    return session


def restore_statement_timeouts() -> None:
    """Put back the session ``statement_timeout`` of this thread's open PostgreSQL connections
    that Rail Django requests changed. A request of a schema without ``query_timeout`` calls it;
    call it before long non-Rail work on a persistent connection (and in tests)."""
    for connection in connections.all(initialized_only=True):
        session = _session_timeout(connection)
        if session is None or session.current == session.original:
            continue
        if not connection.get_autocommit():
            continue  # a session-level SET inside a transaction may be rolled back: leave it
        with connection.connection.cursor() as raw:
            raw.execute("SELECT set_config('statement_timeout', %s, false)", (session.original,))
        setattr(connection, _SESSION_ATTRIBUTE, replace(session, current=session.original))


def _canceled(exc: BaseException) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == _POSTGRES_QUERY_CANCELED


@contextmanager
def query_deadline(seconds: float | None) -> Iterator[QueryDeadline | None]:
    """Enforce ``seconds`` on the SQL run inside the block (``None``: no deadline)."""
    if not seconds:
        restore_statement_timeouts()
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
