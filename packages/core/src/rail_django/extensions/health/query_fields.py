"""The ``health`` root query field, on every schema Rail Django builds.

Authenticated: what runs where (database aliases, backends, pending migrations) is for the
operators and the team, not the public. Orchestrators use the HTTP probes instead
(:mod:`.http_views`), which answer status only.
"""

from __future__ import annotations

from typing import Any

import graphene
from django.utils.translation import gettext

from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.contracts.schema_runtime import runtime_of
from rail_django.extensions.health.graphql_types import Health, report_dict
from rail_django.extensions.health.report import run_checks


def probe_limits(section: Any) -> tuple[float, float]:
    """``(per-check timeout, overall budget)`` in seconds from ``monitoring_settings``."""
    return float(section["health_check_timeout"]), float(section["health_check_budget"])


def resolve_health(root: Any, info: Any) -> dict[str, Any]:
    user = getattr(info.context, "user", None)
    if not getattr(user, "is_authenticated", False):
        raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)
    runtime = runtime_of(info)
    timeout, budget = probe_limits(runtime.section("monitoring_settings"))
    report = run_checks(timeout=timeout, budget=budget)
    return {"health_status": report_dict(report)}


def health_query_fields(build: Any) -> dict[str, Any]:
    return {
        "health": graphene.Field(
            graphene.NonNull(Health),
            resolver=resolve_health,
            description="Status of the databases, caches, channel layer, task backend, storage "
            "and migrations, with system metrics (authenticated).",
        )
    }
