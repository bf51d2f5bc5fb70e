"""The schema management REST API over HTTP: who may call it, what it answers, its limits."""

from __future__ import annotations

import os

import pytest
from core_query_client import run, user_with
from core_schema_api_client import error_code, manager, signed_in
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from graphql import print_schema

from rail_django.core.registry import schema_registry

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/schemas/"),
    ("get", "/api/v1/schemas/gql/"),
    ("get", "/api/v1/schemas/gql/sdl/"),
    ("get", "/api/v1/schemas/gql/operations/"),
    ("post", "/api/v1/schemas/gql/rebuild/"),
    ("get", "/api/v1/health/"),
]


@pytest.fixture(autouse=True)
def fresh_budgets():
    cache.clear()  # rate-limit counters live in the cache; each test starts with full budgets
    yield
    cache.clear()


@pytest.fixture
def ops(django_user_model):
    return manager(django_user_model)


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_callers_get_401_with_a_code(method, url):
    response = getattr(Client(), method)(url)
    assert response.status_code == 401
    assert error_code(response) == "RAIL_GQL_UNAUTHENTICATED"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_a_user_without_the_permission_gets_403(django_user_model, method, url):
    clerk = user_with(django_user_model, "clerk", "auth.view_user")
    response = getattr(signed_in(clerk), method)(url)
    assert response.status_code == 403
    assert error_code(response) == "RAIL_GQL_PERMISSION_DENIED"
    assert "rail_django.manage_schema" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_the_manage_schema_permission_opens_every_endpoint(ops, method, url):
    response = getattr(signed_in(ops), method)(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Cache-Control"] == "no-store"
    assert response["X-RateLimit-Limit"] == "60"


def test_required_permissions_follow_the_setting(django_user_model, ops):
    clerk = user_with(django_user_model, "clerk", "auth.view_user")
    with override_settings(GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS=["auth.view_user"]):
        assert signed_in(clerk).get("/api/v1/schemas/").status_code == 200
        assert signed_in(ops).get("/api/v1/schemas/").status_code == 403
    both = ["auth.view_user", "rail_django.manage_schema"]
    with override_settings(GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS=both):
        assert signed_in(clerk).get("/api/v1/schemas/").status_code == 403


@pytest.mark.parametrize("suffix", ["", "sdl/", "rebuild/"])
def test_an_unknown_schema_is_a_json_404(ops, suffix):
    client = signed_in(ops)
    url = f"/api/v1/schemas/nope/{suffix}"
    response = client.post(url) if suffix == "rebuild/" else client.get(url)
    assert response.status_code == 404
    assert error_code(response) == "RAIL_GQL_SCHEMA_NOT_FOUND"


def test_unknown_paths_and_methods_answer_json(ops):
    client = signed_in(ops)
    missing = client.get("/api/v1/no/such/thing/")
    assert missing.status_code == 404 and error_code(missing) == "RAIL_GQL_NOT_FOUND"
    wrong = client.get("/api/v1/schemas/gql/rebuild/")
    assert wrong.status_code == 405 and error_code(wrong) == "RAIL_GQL_METHOD_NOT_ALLOWED"
    assert wrong["Allow"] == "POST"
    assert client.delete("/api/v1/schemas/").status_code == 405
    # Refusals come before the 404: an anonymous caller learns nothing about the paths.
    assert Client().get("/api/v1/no/such/thing/").status_code == 401


def test_the_index_lists_every_endpoint(ops):
    body = signed_in(ops).get("/api/v1/").json()
    listed = {(e["method"], e["path"]) for e in body["endpoints"]}
    assert {
        ("GET", "/api/v1/"),
        ("GET", "/api/v1/openapi.json"),
        ("GET", "/api/v1/schemas/"),
        ("GET", "/api/v1/schemas/{name}/"),
        ("GET", "/api/v1/schemas/{name}/sdl/"),
        ("GET", "/api/v1/schemas/{name}/operations/"),
        ("POST", "/api/v1/schemas/{name}/rebuild/"),
        ("GET", "/api/v1/health/"),
    } <= listed
    assert body["openapi_url"] == "/api/v1/openapi.json"


def test_the_schema_list_names_every_enabled_schema(ops):
    schemas = signed_in(ops).get("/api/v1/schemas/").json()["schemas"]
    assert [s["name"] for s in schemas] == list(schema_registry.names())
    gql = next(s for s in schemas if s["name"] == "gql")
    assert gql["source"] == "default" and gql["graphql_url"] == "/graphql/gql/"


def test_the_detail_counts_the_built_schema(ops):
    detail = signed_in(ops).get("/api/v1/schemas/gql/").json()
    built = schema_registry.get_schema("gql").graphql_schema
    named = [t for name, t in built.type_map.items() if not name.startswith("__")]
    assert detail["counts"]["types"] == len(named)
    assert detail["counts"]["query_fields"] == len(built.query_type.fields)
    assert detail["counts"]["mutation_fields"] == len(built.mutation_type.fields)
    assert detail["counts"]["fields"] >= detail["counts"]["query_fields"]
    assert detail["settings"]["schema_settings"]["authentication_required"] is True
    assert detail["settings"]["query_settings"]["max_page_size"] == 100
    # A summary, never a dump: the metrics token (a secret) is not shown.
    assert "metrics_token" not in detail["settings"].get("monitoring_settings", {})


def test_the_default_alias_answers_for_gql(ops):
    detail = signed_in(ops).get("/api/v1/schemas/default/").json()
    assert detail["name"] == "gql"


def test_the_sdl_download_is_the_printed_schema(ops, capsys):
    response = signed_in(ops).get("/api/v1/schemas/gql/sdl/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gql.graphql"'
    sdl = response.content.decode()
    assert sdl == print_schema(schema_registry.get_schema("gql").graphql_schema) + "\n"
    call_command("rail_export_schema", "gql")
    assert capsys.readouterr().out == sdl  # the same text as the export command's


def test_a_rebuild_builds_a_new_schema_that_serves(ops, django_user_model):
    before = schema_registry.get_schema("gql")
    response = signed_in(ops).post("/api/v1/schemas/gql/rebuild/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "gql" and body["built"] is True and body["build_ms"] > 0
    after = schema_registry.get_schema("gql")
    assert after is not before
    assert body["counts"]["types"] == len(
        [n for n in after.graphql_schema.type_map if not n.startswith("__")]
    )
    admin = user_with(django_user_model, "root", superuser=True)
    assert run("{ __typename }", user=admin)["data"] == {"__typename": "Query"}


def test_a_session_rebuild_needs_the_csrf_token(ops):
    client = signed_in(ops, enforce_csrf_checks=True)
    refused = client.post("/api/v1/schemas/gql/rebuild/")
    assert refused.status_code == 403 and error_code(refused) == "RAIL_GQL_PERMISSION_DENIED"
    client.get("/api/v1/")  # any page; the token comes from the CSRF cookie
    token = _csrf_cookie(client)
    accepted = client.post("/api/v1/schemas/gql/rebuild/", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def _csrf_cookie(client: Client) -> str:
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    token = get_token(request)  # a fresh secret, set as the cookie below
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


def test_a_schema_that_fails_to_build_is_reported_not_a_traceback(ops):
    def broken():
        raise RuntimeError("secret internals")

    schema_registry.register_schema("broken", schema=broken)
    try:
        client = signed_in(ops)
        health = client.get("/api/v1/health/")
        assert health.status_code == 503
        body = health.json()
        assert body["status"] == "fail"
        failed = next(s for s in body["schemas"] if s["name"] == "broken")
        assert failed["status"] == "fail" and "error id" in failed["message"]
        assert "secret internals" not in health.content.decode()
        detail = client.get("/api/v1/schemas/broken/")
        assert detail.status_code == 500 and error_code(detail) == "RAIL_GQL_INTERNAL_ERROR"
        assert "secret internals" not in detail.content.decode()
    finally:
        schema_registry.unregister_schema("broken")


def test_the_budget_refuses_with_429_and_retry_after(ops):
    budget = {"enable": True, "window_seconds": 60, "max_requests": 3}
    with override_settings(GRAPHQL_SCHEMA_API_RATE_LIMIT=budget, CACHES=_shared_cache()):
        from django.core.cache import caches

        caches["default"].clear()
        client = signed_in(ops)
        answers = [client.get("/api/v1/schemas/") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
        refused = answers[-1]
        assert error_code(refused) == "RAIL_GQL_RATE_LIMITED"
        assert 1 <= int(refused["Retry-After"]) <= 60
        # Anonymous callers are counted by address, apart from the user's budget.
        assert Client().get("/api/v1/").status_code == 401
        caches["default"].clear()


def test_the_budget_can_be_switched_off(ops):
    budget = {"enable": False, "max_requests": 1}
    with override_settings(GRAPHQL_SCHEMA_API_RATE_LIMIT=budget):
        client = signed_in(ops)
        assert [client.get("/api/v1/").status_code for _ in range(3)] == [200, 200, 200]
        assert "X-RateLimit-Limit" not in client.get("/api/v1/")


def _shared_cache() -> dict[str, object]:
    """Redis when the run has one (CI does): the budget is meant to be shared by processes."""
    url = os.environ.get("RAIL_TEST_REDIS_URL")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_sql_per_request_does_not_grow_with_the_schemas(ops, django_assert_num_queries):
    client = signed_in(ops)
    client.get("/api/v1/schemas/gql/")  # built once, outside the count
    # Session, user, and the user's two permission reads: nothing per schema or per type.
    for url in ("/api/v1/schemas/", "/api/v1/schemas/gql/", "/api/v1/health/"):
        with django_assert_num_queries(4):
            assert client.get(url).status_code == 200


def test_bad_settings_are_system_check_errors():
    from rail_django.core.schema_api.api_settings import check_schema_api_settings

    with override_settings(
        GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS="rail_django.manage_schema",
        GRAPHQL_SCHEMA_API_RATE_LIMIT={"enabled": True, "max_requests": 0},
    ):
        problems = check_schema_api_settings()
    ids = [p.id for p in problems]
    assert ids == ["rail_django.E210", "rail_django.E211", "rail_django.E211"]
    assert problems[1].hint == "Did you mean 'enable'?"
    with override_settings(GRAPHQL_SCHEMA_API_REQUIRED_PERMISSIONS=[]):
        assert check_schema_api_settings() == []
