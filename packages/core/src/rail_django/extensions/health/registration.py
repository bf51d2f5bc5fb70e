"""Plugs the health extension into core: the ``health`` query, the probes, the metrics."""

from __future__ import annotations

from django.urls import path

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.extensions.health.query_fields import health_query_fields

PLUGIN = "rail_django.extensions.health"


def health_urls() -> list[object]:
    from rail_django.extensions.health.http_views import liveness_view, readiness_view
    from rail_django.extensions.health.metrics_view import metrics_view

    return [
        path("health/live/", liveness_view, name="rail_django_liveness"),
        path("health/ready/", readiness_view, name="rail_django_readiness"),
        path("metrics/", metrics_view, name="rail_django_metrics"),
    ]


def _metrics_wanted() -> bool:
    """Is ``enable_metrics`` on anywhere (globally or in one schema)?"""
    from django.conf import settings

    def on(config: object) -> bool:
        section = (config or {}).get("monitoring_settings") if isinstance(config, dict) else None
        return bool((section or {}).get("enable_metrics"))

    schemas = getattr(settings, "RAIL_DJANGO_GRAPHQL_SCHEMAS", None) or {}
    return on(getattr(settings, "RAIL_DJANGO_GRAPHQL", None)) or any(
        on(config) for config in schemas.values()
    )


def install_metrics() -> bool:
    """Start counting requests when ``prometheus_client`` is installed (the observer itself
    skips schemas whose ``enable_metrics`` is off). Answers whether it is installed."""
    try:
        from rail_django.extensions.health.metrics import observe_if_enabled
    except ImportError:
        return False
    from rail_django.core.http.request_observers import add_observer

    add_observer(observe_if_enabled)
    return True


def register() -> None:
    """Register the contributions (called from core's ``AppConfig.ready()``)."""
    plugin_registry.register(ContributionKind.QUERY_FIELDS, health_query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.URL_PATTERNS, health_urls, plugin=PLUGIN)
    if _metrics_wanted():
        install_metrics()
