"""Health: the ``health`` query, liveness and readiness probes (a database down: 503)."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from django.test import Client

pytestmark = pytest.mark.django_db

QUERY = """
query {
  health {
    healthStatus {
      overallStatus # "healthy", "degraded", "unhealthy"
      components {
        databases {
          status
          message
        }
      }
      systemMetrics {
        cpuUsagePercent
        memoryUsagePercent
      }
    }
  }
}
"""


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def test_the_guide_query_answers_for_a_signed_in_user(admin):
    status = ok(run(QUERY, user=admin))["health"]["healthStatus"]
    assert status["overallStatus"] in ("healthy", "degraded")  # degraded: test DB unmigrated
    assert status["components"]["databases"] == [{"status": "healthy", "message": "Connected."}]
    metrics = status["systemMetrics"]
    assert 0 <= metrics["memoryUsagePercent"] <= 100 and metrics["cpuUsagePercent"] >= 0


def test_every_component_kind_is_reported(admin):
    query = """{ health { healthStatus { durationMs components {
        databases { name status } caches { name status } channelLayers { name }
        taskBackends { name status } storages { name status } migrations { name status message }
    } } } }"""
    components = ok(run(query, user=admin))["health"]["healthStatus"]["components"]
    assert components["caches"] == [{"name": "default", "status": "healthy"}]
    assert components["taskBackends"][0]["status"] == "healthy"
    assert components["storages"] == [{"name": "default", "status": "healthy"}]
    assert components["migrations"][0]["status"] in ("healthy", "degraded")


def test_health_details_are_not_public():
    assert codes(run(QUERY)) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_liveness_and_readiness_when_all_is_up():
    live = Client().get("/health/live/")
    assert live.status_code == 200 and live["Content-Type"] == "application/health+json"
    assert live.json() == {"status": "pass"}
    ready = Client().get("/health/ready/")
    assert ready.status_code == 200 and ready.json()["status"] in ("pass", "warn")
    assert ready.json()["checks"]["databases:default"][0]["status"] == "pass"
    assert "output" not in ready.json()["checks"]["databases:default"][0]  # no internals


def test_a_slow_check_is_cut_off_by_its_timeout():
    import time

    from rail_django.extensions.health import Check, Status, run_checks

    started = time.perf_counter()
    report = run_checks(
        [Check("caches", "slow", lambda: (time.sleep(2), (Status.HEALTHY, ""))[1])],
        timeout=0.2,
        budget=1,
        with_metrics=False,
    )
    assert time.perf_counter() - started < 1.5
    [component] = report.components
    assert component.status is Status.UNHEALTHY and "0.2" in component.message
