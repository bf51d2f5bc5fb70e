"""Prometheus metrics of the GraphQL endpoint (``monitoring_settings.enable_metrics``).

Defined with the maintained ``prometheus_client``. With several worker processes (gunicorn,
uwsgi) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder before the workers start: each
process writes its samples there and ``/metrics/`` merges them (the client's multiprocess
mode). Without it, ``/metrics/`` answers for the process that serves the scrape.

- ``rail_graphql_requests_total{schema, operation_type, status}``
- ``rail_graphql_request_duration_seconds{schema, operation_type}`` (histogram)
- ``rail_graphql_errors_total{schema, code, category}`` (``error_handling.enable_error_metrics``)
- ``rail_graphql_sql_queries_per_request{schema}`` (histogram)
- ``rail_graphql_rate_limited_total{schema}``
"""

from __future__ import annotations

from typing import Any

from prometheus_client import Counter, Histogram

from rail_django.contracts.error_categories import category_of
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
    "Errors in GraphQL answers, by schema, error code and category.",
    ("schema", "code", "category"),
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


def record(event: RequestEvent, *, count_errors: bool = True, code_prefix: str = "") -> None:
    """Count one finished request (Django-free, so worker processes of any kind can call it).

    ``count_errors`` is the schema's ``error_handling.enable_error_metrics``; ``code_prefix``
    its ``error_code_prefix``, used to find the category of an error whose answer did not carry
    one (categorisation turned off, or a refusal answered before errors are formatted).
    """
    REQUESTS.labels(event.schema, event.operation_type, str(event.status)).inc()
    DURATION.labels(event.schema, event.operation_type).observe(event.seconds)
    SQL_QUERIES.labels(event.schema).observe(event.sql_queries)
    categories = event.error_categories or ("",) * len(event.error_codes)
    for code, category in zip(event.error_codes, categories, strict=False):
        if code.endswith(RATE_LIMITED_CODE_SUFFIX):
            RATE_LIMITED.labels(event.schema).inc()
        if count_errors:
            category = category or _category(code, code_prefix)
            ERRORS.labels(event.schema, code or "UNKNOWN", category).inc()


def _category(code: str, prefix: str) -> str:
    bare = code.removeprefix(f"{prefix}_") if prefix else code
    return str(category_of(bare)) if bare else "unknown"


def observe_if_enabled(event: RequestEvent) -> None:
    """The request observer core calls: counts requests of schemas with ``enable_metrics``,
    and their errors when ``error_handling.enable_error_metrics`` is on as well."""
    from rail_django.core.settings_sections import schema_settings

    resolved = schema_settings(event.schema)
    if resolved["monitoring_settings"]["enable_metrics"]:
        errors = resolved["error_handling"]
        record(
            event,
            count_errors=bool(errors["enable_error_metrics"]),
            code_prefix=str(errors["error_code_prefix"] or ""),
        )


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
