"""Prometheus metrics: counted per schema and operation, scraped and parsed by the real client,
merged across worker processes, and never public."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from core_query_client import run, user_with
from django.test import Client
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.parser import text_string_to_metric_families

from rail_django.core.http.request_observers import remove_observer
from rail_django.extensions.health.metrics import observe_if_enabled
from rail_django.extensions.health.registration import install_metrics

pytestmark = pytest.mark.django_db

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def metrics_on(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "monitoring_settings": {"enable_metrics": True, "metrics_token": TOKEN}
    }
    assert install_metrics()
    yield
    remove_observer(observe_if_enabled)


def scrape(**headers):
    return Client().get("/metrics/", **headers)


def samples(text):
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found, name, **labels):
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_errors_and_sql_are_counted_and_scraped(metrics_on, django_user_model):
    admin = user_with(django_user_model, "admin", superuser=True)
    before = samples(scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode())
    run("{ categories { name } }", user=admin)
    run("{ categories { name } }", user=admin)
    run("{ categories { name } }")  # anonymous: RAIL_GQL_UNAUTHENTICATED
    response = scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    after = samples(response.content.decode())

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    ok = {"schema": "gql", "operation_type": "query", "status": "200"}
    assert grew("rail_graphql_requests_total", **ok) == 3
    unauthenticated = {"code": "RAIL_GQL_UNAUTHENTICATED", "category": "authentication"}
    assert grew("rail_graphql_errors_total", schema="gql", **unauthenticated) == 1
    assert (
        grew("rail_graphql_request_duration_seconds_count", schema="gql", operation_type="query")
        == 3
    )
    # Each signed-in request reads the session and the user, then the categories.
    assert grew("rail_graphql_sql_queries_per_request_sum", schema="gql") >= 3


def test_error_metrics_count_by_code_and_category_and_turn_off_per_schema(
    metrics_on, settings, django_user_model
):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "quiet": {"error_handling": {"enable_error_metrics": False}},
        "plain": {"error_handling": {"enable_error_categorization": False}},
    }
    admin = user_with(django_user_model, "admin", superuser=True)
    token = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}
    before = samples(scrape(**token).content.decode())
    bad = "{ categories(limit: -1) { name } }"
    for schema in ("gql", "quiet", "plain"):
        run(bad, user=admin, schema=schema)
        run("{ categories { name } }", schema=schema)  # anonymous
    after = samples(scrape(**token).content.decode())

    def grew(schema, code, category):
        labels = {"schema": schema, "code": code, "category": category}
        name = "rail_graphql_errors_total"
        return value(after, name, **labels) - value(before, name, **labels)

    pagination = ("RAIL_GQL_INVALID_PAGINATION", "validation")
    assert grew("gql", *pagination) == 1
    assert grew("gql", "RAIL_GQL_UNAUTHENTICATED", "authentication") == 1
    # Requests are still counted where error metrics are off; their errors are not.
    quiet_errors = [
        key
        for key in after
        if key[0] == "rail_graphql_errors_total"
        and ("schema", "quiet") in key[1]
        and after[key] != before.get(key, 0.0)
    ]
    assert quiet_errors == []
    quiet = {"schema": "quiet", "operation_type": "query", "status": "200"}
    assert value(after, "rail_graphql_requests_total", **quiet) - value(
        before, "rail_graphql_requests_total", **quiet
    ) == 2
    # Without categories in the answer, the category still comes from the code.
    assert grew("plain", *pagination) == 1


def test_the_endpoint_is_never_public(metrics_on, django_user_model):
    denied = scrape()
    assert denied.status_code == 401
    assert denied.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_UNAUTHENTICATED"
    assert scrape(HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    client = Client()
    client.force_login(user_with(django_user_model, "someone"))
    forbidden = client.get("/metrics/")
    assert forbidden.status_code == 403
    assert forbidden.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_PERMISSION_DENIED"
    client.force_login(user_with(django_user_model, "root", superuser=True))
    assert client.get("/metrics/").status_code == 200
    # The default permission exists, so an operator account can be granted it.
    client.force_login(user_with(django_user_model, "prometheus", "rail_django.view_metrics"))
    assert client.get("/metrics/").status_code == 200


def test_metrics_off_by_default():
    response = scrape(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "RAIL_GQL_NOT_FOUND"


WORKER = textwrap.dedent(
    """
    import sys
    from rail_django.core.http.request_observers import RequestEvent
    from rail_django.extensions.health.metrics import record
    for _ in range(int(sys.argv[1])):
        record(
            RequestEvent("gql", "mutation", 200, 0.01, ("RAIL_GQL_RATE_LIMITED",), 2),
            code_prefix="RAIL_GQL",
        )
    """
)


def test_several_worker_processes_are_merged(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for count in (2, 3):
        subprocess.run([sys.executable, "-c", WORKER, str(count)], env=env, check=True)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(tmp_path))
    found = samples(generate_latest(registry).decode())
    labels = {"schema": "gql", "operation_type": "mutation", "status": "200"}
    assert value(found, "rail_graphql_requests_total", **labels) == 5
    assert value(found, "rail_graphql_rate_limited_total", schema="gql") == 5
    assert value(found, "rail_graphql_sql_queries_per_request_sum", schema="gql") == 10
    limited = {"schema": "gql", "code": "RAIL_GQL_RATE_LIMITED", "category": "rate_limit"}
    assert value(found, "rail_graphql_errors_total", **limited) == 5
