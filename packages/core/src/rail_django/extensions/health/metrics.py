"""Prometheus metrics of the GraphQL endpoint (``monitoring_settings.enable_metrics``).

Defined with the maintained ``prometheus_client``. With several worker processes (gunicorn,
uwsgi) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder before the workers start: each
process writes its samples there and ``/metrics/`` merges them (the client's multiprocess
mode). Without it, ``/metrics/`` answers for the process that serves the scrape.

- ``rail_graphql_requests_total{schema, operation_type, status}``
- ``rail_graphql_request_duration_seconds{schema, operation_type}`` (histogram)
- ``rail_graphql_errors_total{schema, code}``
- ``rail_graphql_sql_queries_per_request{schema}`` (histogram)
- ``rail_graphql_rate_limited_total{schema}``
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter, Histogram

from rail_django.core.http.request_observers import RequestEvent

RATE_LIMITED_CODE_SUFFIX = "RATE_LIMITED"

REQUESTS = Counter(
    "rail_graphql_requests",
    "GraphQL requests served, by schema, operation type and HTTP status.",
    ("schema", "operation_type", "status"),
)
DURATION = Histogram(
    "rail_graphql_request_duration_seconds",
    "Time to serve a GraphQL request.",
    ("schema", "operation_type"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ERRORS = Counter(
    "rail_graphql_errors",
    "Errors in GraphQL answers, by schema and error code.",
    ("schema", "code"),
)
SQL_QUERIES = Histogram(
    "rail_graphql_sql_queries_per_request",
    "SQL queries run by one GraphQL request.",
    ("schema",),
    buckets=(0, 1, 2, 3, 5, 10, 20, 50, 100, 250),
)
RATE_LIMITED = Counter(
    "rail_graphql_rate_limited",
    "GraphQL requests refused by a rate limit.",
    ("schema",),
)


def record(event: RequestEvent) -> None:
    """Count one finished request (Django-free, so worker processes of any kind can call it)."""
    REQUESTS.labels(event.schema, event.operation_type, str(event.status)).inc()
    DURATION.labels(event.schema, event.operation_type).observe(event.seconds)
    SQL_QUERIES.labels(event.schema).observe(event.sql_queries)
    for code in event.error_codes:
        ERRORS.labels(event.schema, code or "UNKNOWN").inc()
        if code.endswith(RATE_LIMITED_CODE_SUFFIX):
            RATE_LIMITED.labels(event.schema).inc()


def observe_if_enabled(event: RequestEvent) -> None:
    """The request observer core calls: counts requests of schemas with ``enable_metrics``."""
    from rail_django.core.settings_sections import schema_settings

    if schema_settings(event.schema)["monitoring_settings"]["enable_metrics"]:
        record(event)


def exposition() -> tuple[bytes, str]:
    """The current samples in Prometheus' text format (merged across processes when the
    multiprocess folder is set), and their content type."""
    import os

    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

    registry: Any = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry), CONTENT_TYPE_LATEST
