"""``query_timeout``: slow SQL is stopped with RAIL_GQL_QUERY_TIMEOUT (PostgreSQL through
``statement_timeout``, SQLite through a progress handler), no statement starts after the
deadline, and the connection is left as it was found."""

from __future__ import annotations

import time

import pytest
from core_query_client import codes, ok, run, user_with
from django.db import connection

# No surrounding test transaction: a cancelled statement must not poison the test's own.
pytestmark = pytest.mark.django_db(transaction=True)

SLOW = "core_limits_resolvers.SlowQuery"


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
    answer = run("{ sleep(seconds: 10) tags { name } }", user=admin)
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
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


def test_fast_requests_are_untouched_and_the_connection_is_restored(admin, timeout):
    timeout(0.5)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            before = cursor.fetchone()[0]
        assert ok(run("{ sleep(seconds: 0.01) }", user=admin)) == {"sleep": 1}
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == before
        return
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


def test_without_a_timeout_nothing_is_stopped(admin, timeout):
    timeout(None)
    assert ok(run("{ steps(count: 3, pause: 0.05) }", user=admin)) == {"steps": 3}
