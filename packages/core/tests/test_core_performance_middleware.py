"""The performance middleware (``GRAPHQL_PERFORMANCE_ENABLED`` / ``GRAPHQL_PERFORMANCE_HEADERS``)
and request logging (``middleware_settings.log_*``), seen from a client and from the logs."""

from __future__ import annotations

import logging

import pytest
from core_query_client import user_with
from core_testapp.models import Tag
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rail_django.core.http import request_metrics
from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db

SLOW = "core_limits_resolvers.SlowQuery"


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def client(admin):
    client = Client()
    client.force_login(admin)
    return client


def post(client, query, variables=None):
    return GraphQLTestClient(client).execute(query, variables).http


def test_no_metrics_by_default(client):
    response = post(client, "{ tags { name } }")
    assert response.status_code == 200
    assert "Server-Timing" not in response and "X-GraphQL-SQL-Queries" not in response
    assert "extensions" not in response.json()


def test_headers_and_extensions_when_enabled(client, settings):
    settings.GRAPHQL_PERFORMANCE_ENABLED = True
    settings.GRAPHQL_PERFORMANCE_HEADERS = True
    Tag.objects.create(name="new")
    with CaptureQueriesContext(connection) as queries:
        response = post(client, "{ tags { name products { name } } }")
    assert response.status_code == 200
    # Execution's SQL: the tags and one prefetch of their products. The session and the user
    # are read before, while the request is authenticated (the session's idle timeout).
    assert len(queries) == 4
    assert response["X-GraphQL-SQL-Queries"] == "2"
    assert float(response["X-GraphQL-Duration-Ms"]) > 0
    assert float(response["X-GraphQL-SQL-Duration-Ms"]) >= 0
    timing = response["Server-Timing"]
    assert timing.startswith("total;dur=") and "execute;dur=" in timing
    assert "sql;dur=" in timing and 'desc="2 queries"' in timing
    performance = response.json()["extensions"]["performance"]
    assert performance["sqlQueries"] == 2
    assert set(performance) == {
        "durationMs",
        "prepareMs",
        "executeMs",
        "sqlQueries",
        "sqlDurationMs",
    }


def test_metrics_without_headers_stay_on_the_server(client, settings, caplog):
    settings.GRAPHQL_PERFORMANCE_ENABLED = True
    with caplog.at_level(logging.DEBUG, logger="rail_django.core.performance"):
        response = post(client, "{ tags { name } }")
    assert "Server-Timing" not in response and "extensions" not in response.json()
    [record] = [r for r in caplog.records if r.name == "rail_django.core.performance"]
    assert record.levelno == logging.DEBUG
    assert record.graphql_metrics["sqlQueries"] == 1  # the tags (session and user: before)
    assert "1 SQL queries" in record.getMessage()


def test_the_schema_can_turn_the_middleware_off(client, settings):
    settings.GRAPHQL_PERFORMANCE_ENABLED = True
    settings.GRAPHQL_PERFORMANCE_HEADERS = True
    settings.RAIL_DJANGO_GRAPHQL = {"middleware_settings": {"enable_performance_middleware": False}}
    assert "Server-Timing" not in post(client, "{ tags { name } }")


class SteppedClock:
    """The middleware's clock, under the test's control: each reading advances ``step`` seconds
    (so "slow" does not depend on how busy the machine is)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.step = 0.0

    def perf_counter(self) -> float:
        self.now += self.step
        return self.now


def test_slow_requests_are_logged_over_the_threshold(client, settings, caplog, monkeypatch):
    clock = SteppedClock()
    monkeypatch.setattr(request_metrics, "time", clock)
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"query_extensions": [SLOW]},
        "middleware_settings": {"performance_threshold_ms": 250},
    }
    post(client, "{ steps(count: 1, pause: 0) }")  # builds the schema
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="rail_django.core.performance"):
        post(client, "query Quick { steps(count: 1, pause: 0) }")
        assert not [r for r in caplog.records if r.name == "rail_django.core.performance"]
        clock.step = 0.2  # the first and last readings alone are 200 ms or more apart
        post(client, "query Slow { steps(count: 3, pause: 0) }")
    [record] = [r for r in caplog.records if r.name == "rail_django.core.performance"]
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("Slow GraphQL query Slow on schema 'gql'")
    assert record.graphql_metrics["durationMs"] > 250
    settings.RAIL_DJANGO_GRAPHQL = {
        "schema_settings": {"query_extensions": [SLOW]},
        "middleware_settings": {"performance_threshold_ms": 250, "log_performance": False},
    }
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="rail_django.core.performance"):
        post(client, "query Slow { steps(count: 3, pause: 0) }")
    assert not [r for r in caplog.records if r.name == "rail_django.core.performance"]


def request_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "rail_django.core.requests"]


def test_operations_and_errors_are_logged(client, admin, caplog):
    with caplog.at_level(logging.INFO, logger="rail_django.core.requests"):
        post(client, "query Shelf { tags { name } }")
        post(client, "{ __schema { queryType { name } } }")
        post(client, '{ product(id: "abc") { name } }')
    lines = request_lines(caplog)
    assert lines[0].startswith(f"GraphQL query Shelf on schema 'gql' by user {admin.pk}: ")
    # Introspection is not logged by default (log_introspection).
    assert not [line for line in lines if "__schema" in line]
    assert any(
        line.startswith("GraphQL error on schema 'gql': INVALID_ARGUMENT 'abc' is not a valid id.")
        for line in lines
    )


def test_logging_switches(client, settings, caplog):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {
            "log_queries": False,
            "log_errors": False,
            "log_introspection": True,
        }
    }
    with caplog.at_level(logging.INFO, logger="rail_django.core.requests"):
        post(client, "query Shelf { tags { name } }")
        post(client, '{ product(id: "abc") { name } }')
        post(client, "{ __schema { queryType { name } } }")
    # Only the introspection query is logged (queries and errors are off).
    [line] = request_lines(caplog)
    assert line.startswith("GraphQL query on schema 'gql' by user ")
    settings.RAIL_DJANGO_GRAPHQL = {"middleware_settings": {"enable_logging_middleware": False}}
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="rail_django.core.requests"):
        post(client, "query Shelf { tags { name } }")
    assert request_lines(caplog) == []


def test_field_level_logging_only_when_asked(client, settings, caplog):
    Tag.objects.create(name="new")
    with caplog.at_level(logging.DEBUG, logger="rail_django.core.fields"):
        post(client, "{ tags { name } }")
    assert not [r for r in caplog.records if r.name == "rail_django.core.fields"]
    settings.RAIL_DJANGO_GRAPHQL = {"middleware_settings": {"log_field_level": True}}
    with caplog.at_level(logging.DEBUG, logger="rail_django.core.fields"):
        post(client, "{ tags { name } }")
    lines = [r.getMessage() for r in caplog.records if r.name == "rail_django.core.fields"]
    assert len(lines) == 1 and lines[0].startswith("Resolved Tag.name at tags.0.name in ")


def test_responses_are_utf8_json(client):
    Tag.objects.create(name="café ☕")
    response = post(client, "{ tags { name } }")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "café ☕".encode() in response.content
    assert response.json() == {"data": {"tags": [{"name": "café ☕"}]}}
