"""Kubernetes-style probes, answering ``application/health+json``.

- ``GET /health/live/``: the process answers; checks no dependency (one database hiccup must
  not restart every pod). Always 200 while the process serves requests.
- ``GET /health/ready/``: runs every check in parallel (per-check timeout and overall budget
  from ``monitoring_settings``); 200 when healthy or degraded, 503 when a database is down.

Both are public and say only pass / warn / fail per component; the detailed report (messages,
system metrics) is the authenticated ``health`` GraphQL query.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from rail_django.core.http.response_json import dumps
from rail_django.core.settings_sections import schema_settings
from rail_django.extensions.health.checks import Status
from rail_django.extensions.health.query_fields import probe_limits
from rail_django.extensions.health.report import health_json, run_checks

MEDIA_TYPE = "application/health+json"


@never_cache
@require_safe
def liveness_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(dumps({"status": "pass"}), content_type=MEDIA_TYPE)


@never_cache
@require_safe
def readiness_view(request: HttpRequest) -> HttpResponse:
    timeout, budget = probe_limits(schema_settings(None)["monitoring_settings"])
    report = run_checks(timeout=timeout, budget=budget, with_metrics=False)
    body = health_json(report)
    # Component outputs can name internals: the public probe keeps statuses only.
    for entries in body["checks"].values():
        for entry in entries:
            entry.pop("output", None)
    status = 503 if report.overall_status is Status.UNHEALTHY else 200
    return HttpResponse(dumps(body), status=status, content_type=MEDIA_TYPE)
