"""Health checks (the ``health`` query, liveness and readiness probes) and Prometheus metrics.

Part of the rail-django-core distribution; psutil (system metrics) and prometheus_client
(metrics) come with the ``health`` extra: ``pip install "rail-django-core[health]"``.
"""

from rail_django.extensions.health.checks import Check, ComponentStatus, Status, default_checks
from rail_django.extensions.health.report import HealthReport, health_json, run_checks

__all__ = [
    "Check",
    "ComponentStatus",
    "HealthReport",
    "Status",
    "default_checks",
    "health_json",
    "run_checks",
]
