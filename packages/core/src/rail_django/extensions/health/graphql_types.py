"""The ``health`` query's types: ``health { healthStatus { overallStatus components {...}
systemMetrics {...} } }`` as the guide shows it."""

from __future__ import annotations

from typing import Any

import graphene

from rail_django.core.validation.max_query_complexity import bounded_by_schema
from rail_django.extensions.health.report import HealthReport

KINDS = ("databases", "caches", "channel_layers", "task_backends", "storages", "migrations")


class HealthComponent(graphene.ObjectType):
    """One checked dependency."""

    name = graphene.String(required=True)
    status = graphene.String(required=True, description="healthy, degraded or unhealthy.")
    message = graphene.String(required=True)
    response_time_ms = graphene.Float(required=True)


HealthComponents = type(
    "HealthComponents",
    (graphene.ObjectType,),
    {
        "__doc__": "The checked dependencies, by kind.",
        **{kind: graphene.List(graphene.NonNull(HealthComponent), required=True) for kind in KINDS},
    },
)


class HealthSystemMetrics(graphene.ObjectType):
    """Resource use of the host and of this process (null without psutil)."""

    cpu_usage_percent = graphene.Float()
    memory_usage_percent = graphene.Float()
    disk_usage_percent = graphene.Float()
    process_memory_mb = graphene.Float()
    process_threads = graphene.Int()
    load_average = graphene.Float()


class HealthStatus(graphene.ObjectType):
    """The report of one health run."""

    overall_status = graphene.String(required=True, description="healthy, degraded, unhealthy.")
    components = graphene.Field(HealthComponents, required=True)
    system_metrics = graphene.Field(HealthSystemMetrics)
    duration_ms = graphene.Float(required=True)
    checked_at = graphene.Float(required=True, description="Unix time of the run.")


@bounded_by_schema
class Health(graphene.ObjectType):
    """The health of this process and its dependencies."""

    health_status = graphene.Field(HealthStatus, required=True)


def report_dict(report: HealthReport) -> dict[str, Any]:
    """The report as the GraphQL types read it."""
    kinds = report.by_kind()
    return {
        "overall_status": str(report.overall_status),
        "components": {
            kind: [
                {
                    "name": c.name,
                    "status": str(c.status),
                    "message": c.message,
                    "response_time_ms": c.response_time_ms,
                }
                for c in kinds.get(kind, [])
            ]
            for kind in KINDS
        },
        "system_metrics": report.system_metrics,
        "duration_ms": report.duration_ms,
        "checked_at": report.checked_at,
    }
