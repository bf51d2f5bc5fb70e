"""``query_timeout``: slow SQL is stopped with RAIL_GQL_QUERY_TIMEOUT (PostgreSQL through
``statement_timeout``, SQLite through a progress handler), no statement starts after the
deadline, and PostgreSQL's timeout is set once per connection, not twice per request."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from core_query_client import codes, ok, run, user_with
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rail_django.core.http.query_timeout import restore_statement_timeouts

# No surrounding test transaction: a cancelled statement must not poison the test's own.
pytestmark = pytest.mark.django_db(transaction=True)

SLOW = "core_limits_resolvers.SlowQuery"


@pytest.fixture(autouse=True)
def _original_timeout_afterwards():
    """The test's requests leave their statement_timeout on the connection (on purpose): put the
    original back before the test database is flushed."""
    yield
    restore_statement_timeouts()


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def timeout(settings):
    def configure(seconds):
        settings.RAIL_DJANGO_GRAPHQL = {
            "schema_settings": {"query_extensions": [SLOW]},
            "performance_settings": {"query_timeout": seconds},
        }

    return configure


def test_a_slow_statement_is_stopped(admin, timeout):
    timeout(0.5)
    started = time.monotonic()
    answer = run("{ sleep(seconds: 30) tags { name } }", user=admin)
    elapsed = time.monotonic() - started
    assert elapsed < 30, elapsed  # the statement was stopped, not waited for
    # The slow statement is cancelled; the list after it does not start past the deadline.
    assert codes(answer) == ["RAIL_GQL_QUERY_TIMEOUT", "RAIL_GQL_QUERY_TIMEOUT"]
    assert [error["path"] for error in answer["errors"]] == [["sleep"], ["tags"]]
    message = answer["errors"][0]["message"]
    assert "0.5 s" in message and "query_timeout" in message
    assert answer["data"] == {"sleep": None, "tags": None}


def test_no_statement_starts_after_the_deadline(admin, timeout):
    timeout(0.3)
    answer = run("{ steps(count: 20, pause: 0.05) }", user=admin)
    assert codes(answer) == ["RAIL_GQL_QUERY_TIMEOUT"]
    assert answer["data"] == {"steps": None}


def test_fast_requests_are_untouched_and_the_sqlite_handler_is_removed(admin, timeout):
    if connection.vendor != "sqlite":
        pytest.skip("the progress handler is SQLite's")
    timeout(0.5)
    assert ok(run("{ steps(count: 2, pause: 0) }", user=admin)) == {"steps": 2}
    time.sleep(0.6)
    # The progress handler is gone: a statement outside GraphQL, past the request's deadline,
    # runs to its end.
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
            " SELECT count(*) FROM n"
        )
        assert cursor.fetchone()[0] == 300000


@contextmanager
def _driver_statements():
    """Every statement the PostgreSQL driver sends on ``connection`` inside the block, those
    Django's query log does not show included (psycopg's cursor factory, counted)."""
    connection.ensure_connection()
    raw = connection.connection
    base = raw.cursor_factory
    sent: list[str] = []

    class Counting(base):
        def execute(self, query, params=None, **kwargs):
            sent.append(str(query))
            return super().execute(query, params, **kwargs)

    raw.cursor_factory = Counting
    try:
        yield sent
    finally:
        raw.cursor_factory = base


def _timeouts(statements) -> list[str]:
    return [sql for sql in statements if "statement_timeout" in sql]


def _show_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.postgres_only
def test_postgres_sets_the_timeout_once_per_connection(admin, timeout):
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    before = _show_timeout()
    timeout(0.5)
    document = "{ steps(count: 2, pause: 0) }"
    with _driver_statements() as sent, CaptureQueriesContext(connection) as logged:
        assert ok(run(document, user=admin)) == {"steps": 2}
    assert len(_timeouts(sent)) == 1, sent
    assert not _timeouts(query["sql"] for query in logged.captured_queries)
    assert _show_timeout() == "500ms"  # kept for the connection's next requests
    # The steady state: the connection already carries the timeout, nothing extra is sent.
    for _ in range(3):
        with _driver_statements() as sent:
            assert ok(run(document, user=admin)) == {"steps": 2}
        assert sent and not _timeouts(sent), sent
    # Another timeout is set with one statement; a schema without one puts the original back.
    timeout(0.7)
    with _driver_statements() as sent:
        assert ok(run(document, user=admin)) == {"steps": 2}
    assert len(_timeouts(sent)) == 1
    assert _show_timeout() == "700ms"
    timeout(None)
    assert ok(run(document, user=admin)) == {"steps": 2}
    assert _show_timeout() == before
    # A request that runs inside a transaction sets it transaction-locally.
    timeout(0.5)
    with transaction.atomic():
        assert ok(run(document, user=admin)) == {"steps": 2}
        assert _show_timeout() == "500ms"
    assert _show_timeout() == before


def test_without_a_timeout_nothing_is_stopped(admin, timeout):
    timeout(None)
    assert ok(run("{ steps(count: 3, pause: 0.05) }", user=admin)) == {"steps": 3}
