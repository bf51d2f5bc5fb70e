"""Plugs the health extension into core: the ``health`` query, the probes, the metrics."""

from __future__ import annotations

from django.urls import path

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.extensions.health.query_fields import health_query_fields

PLUGIN = "rail_django.extensions.health"


def health_urls() -> list[object]:
    from rail_django.extensions.health.http_views import liveness_view, readiness_view

    return [
        path("health/live/", liveness_view, name="rail_django_liveness"),
        path("health/ready/", readiness_view, name="rail_django_readiness"),
    ]


def register() -> None:
    """Register the contributions (called from core's ``AppConfig.ready()``)."""
    plugin_registry.register(ContributionKind.QUERY_FIELDS, health_query_fields, plugin=PLUGIN)
    plugin_registry.register(ContributionKind.URL_PATTERNS, health_urls, plugin=PLUGIN)
