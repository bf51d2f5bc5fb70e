"""Readiness with a database down: 503, while liveness answers 200.

The shared PostgreSQL server stays up for everyone else: a second alias points at a closed
port. The test holds no test transaction (Django's test case would refuse the alias it did not
know at set-up); it writes nothing, and only reads through the probes.
"""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client

from rail_django.extensions.health import Status, default_checks, run_checks


@pytest.fixture
def closed_database(django_db_blocker):
    connections.settings["unreachable"] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": "9",
        "NAME": "nothing",
        "USER": "nobody",
        "OPTIONS": {"connect_timeout": 1},
    }
    with django_db_blocker.unblock():
        yield "unreachable"
    del connections.settings["unreachable"]
    if hasattr(connections._connections, "unreachable"):
        delattr(connections._connections, "unreachable")


def test_readiness_503_and_liveness_200(closed_database):
    ready = Client().get("/health/ready/")
    assert ready.status_code == 503 and ready["Content-Type"] == "application/health+json"
    body = ready.json()
    assert body["status"] == "fail"
    assert body["checks"][f"databases:{closed_database}"][0]["status"] == "fail"
    assert body["checks"]["databases:default"][0]["status"] == "pass"
    live = Client().get("/health/live/")
    assert live.status_code == 200 and live.json() == {"status": "pass"}


def test_the_report_names_the_failure_without_its_details(closed_database):
    report = run_checks(default_checks(), timeout=3, budget=4, with_metrics=False)
    assert report.overall_status is Status.UNHEALTHY
    [down] = [c for c in report.components if c.name == closed_database]
    assert down.status is Status.UNHEALTHY and down.critical
    assert down.message == "Check failed: OperationalError"  # never the DSN
