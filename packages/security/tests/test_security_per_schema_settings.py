"""Every ``security_settings`` key that acts does so per schema (guide §4: package defaults, then
``RAIL_DJANGO_GRAPHQL``, then ``RAIL_DJANGO_GRAPHQL_SCHEMAS[name]``).

Each test sets the key under test only in ``RAIL_DJANGO_GRAPHQL_SCHEMAS["gql"]``, where the global
level says the opposite, and watches ``/graphql/`` answer differently: a backend reading the
global level would fail it. Where it matters, a second schema shows the global level still acts
there.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from security_authz_client import codes, data, gql, logged_in, make_projects, person, post
from security_testapp.models import Project

from rail_django.contracts.audit import audit_sink
from rail_django.security import AccessPolicy, PolicyEffect, policy_manager
from rail_django.security.field_permissions import input_mode
from rail_django.security.rbac.models import RoleAssignment

pytestmark = pytest.mark.django_db

PROJECTS = '{ projects(orderBy: ["name"]) { name } }'
EMAILS = '{ projects(orderBy: ["name"]) { name clientEmail } }'
DENIED = ["RAIL_GQL_PERMISSION_DENIED"]


def per_schema(settings, values: dict[str, Any], **other_schemas: dict[str, Any]) -> None:
    """``values`` as the ``security_settings`` of schema ``gql`` only."""
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": values},
        **{name: {"security_settings": extra} for name, extra in other_schemas.items()},
    }


def names(answer: dict[str, Any]) -> list[str]:
    return [row["name"] for row in data(answer)["projects"]]


def post_to(schema: str, user: Any, query: str) -> dict[str, Any]:
    body = json.dumps({"query": query})
    response = logged_in(user).post(
        f"/graphql/{schema}/", data=body, content_type="application/json"
    )
    assert response.status_code in (200, 400), response.content[:500]
    answer = response.json()
    for error in answer.get("errors", []):
        error["code"] = (error.get("extensions") or {}).get("code")
    return answer


@pytest.fixture(autouse=True)
def no_policies():
    policy_manager.clear()
    yield
    policy_manager.clear()


class RecordingSink:
    def __init__(self) -> None:
        self.events: list[Any] = []

    def record(self, event: Any) -> None:
        self.events.append(event)

    def checks(self) -> list[tuple[str, str]]:
        return [
            (str(event.outcome), event.details["decided_by"])
            for event in self.events
            if event.action in ("permission.denied", "permission.granted")
        ]


@pytest.fixture
def sink():
    with audit_sink.swapped(RecordingSink()) as recording:
        yield recording


# -- object permissions --------------------------------------------------------------------------
def test_enable_object_permissions_off_in_one_schema_shows_every_row_there(settings):
    world = make_projects()
    assert names(gql(PROJECTS, world.ann)) == ["Apollo"]
    per_schema(settings, {"enable_object_permissions": False}, strict={})
    assert names(gql(PROJECTS, world.ann)) == ["Apollo", "Borealis"]
    # Retrieves and nested relations follow the same schema's setting.
    query = f'{{ project(id: "{world.borealis.pk}") {{ name tasks {{ title }} }} }}'
    assert data(gql(query, world.ann))["project"] == {
        "name": "Borealis",
        "tasks": [{"title": "borealis-plan"}],
    }
    # Another schema keeps the global level: Ann sees only her project there.
    assert names(post_to("strict", world.ann, PROJECTS)) == ["Apollo"]


# -- authorization -------------------------------------------------------------------------------
def test_enable_authorization_off_in_one_schema_leaves_django_permissions_only(settings):
    world = make_projects()
    dj = person("dj")  # holds the Django permission, no role
    dj.user_permissions.add(
        Permission.objects.get(codename="view_project", content_type__app_label="security_testapp")
    )
    assert names(gql(PROJECTS, world.ann)) == ["Apollo"]  # her role's _own permission
    assert [r["clientEmail"] for r in data(gql(EMAILS, dj))["projects"]] == [None, None]
    per_schema(settings, {"enable_authorization": False}, strict={})
    # Roles no longer grant anything; Django's model permissions decide, and no field rule acts.
    assert codes(gql(PROJECTS, world.ann)) == DENIED
    assert [r["clientEmail"] for r in data(gql(EMAILS, dj))["projects"]] == [
        "client@example.com",
        "client@example.com",
    ]
    assert names(post_to("strict", world.ann, PROJECTS)) == ["Apollo"]


# -- field permissions ---------------------------------------------------------------------------
def test_enable_field_permissions_off_in_one_schema_reads_filters_orders_and_writes(settings):
    world = make_projects()
    sue = person("sue", "support")  # client_email is masked for her
    where = '{ projects(where: {clientEmail: {icontains: "client"}}) { name } }'
    ordered = '{ projects(orderBy: ["-clientEmail", "name"]) { name } }'
    update = """mutation($id: ID!) {
      updateProject(id: $id, input: {clientEmail: "new@client.test"}) { ok errors }
    }"""
    assert [r["clientEmail"] for r in data(gql(EMAILS, sue))["projects"]] == ["user@***.com"] * 2
    assert codes(gql(where, sue)) == DENIED
    assert codes(gql(ordered, sue)) == DENIED
    assert (
        gql(update, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"]["ok"] is False
    )

    per_schema(settings, {"enable_field_permissions": False}, strict={})
    assert [r["clientEmail"] for r in data(gql(EMAILS, sue))["projects"]] == [
        "client@example.com"
    ] * 2
    assert names(gql(where, sue)) == ["Apollo", "Borealis"]
    assert names(gql(ordered, sue)) == ["Apollo", "Borealis"]
    assert gql(update, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"] == {
        "ok": True,
        "errors": [],
    }
    assert Project.objects.get(pk=world.apollo.pk).client_email == "new@client.test"
    # The other schema still masks and refuses.
    strict = post_to("strict", sue, EMAILS)
    assert [r["clientEmail"] for r in data(strict)["projects"]] == ["user@***.com"] * 2
    assert codes(post_to("strict", sue, where)) == DENIED
    assert codes(post_to("strict", sue, ordered)) == DENIED


def test_field_permission_input_mode_strip_in_one_schema(settings):
    world = make_projects()
    update = """mutation($id: ID!) {
      updateProject(id: $id, input: {name: "Renamed", clientEmail: "new@client.test"}) {
        ok errors
      }
    }"""
    refused = gql(update, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"]
    assert refused["ok"] is False  # the global level: reject
    per_schema(settings, {"field_permission_input_mode": "strip"})
    assert input_mode("gql") == "strip" and input_mode("strict") == "reject"
    answer = gql(update, world.ann, {"id": str(world.apollo.pk)})["data"]["updateProject"]
    assert answer == {"ok": True, "errors": []}
    apollo = Project.objects.get(pk=world.apollo.pk)
    assert (apollo.name, apollo.client_email) == ("Renamed", "client@example.com")


# -- policies ------------------------------------------------------------------------------------
EXPLAIN = """{ explainPermission(permission: "security_testapp.view_project",
                                 modelName: "security_testapp.Project") {
  allowed policyDecision { name } } }"""


def test_enable_policy_engine_off_in_one_schema_ignores_policies(settings):
    make_projects()
    carl = person("carl", "contractor")  # holds security_testapp.* through his role
    policy_manager.register_policy(
        AccessPolicy(
            name="no_projects_for_contractors",
            effect=PolicyEffect.DENY,
            priority=10,
            roles=["contractor"],
            models=["security_testapp.Project"],
            operations=["view"],
        )
    )
    policy_manager.register_policy(
        AccessPolicy(
            name="no_tokens",
            effect=PolicyEffect.DENY,
            priority=10,
            roles=["contractor"],
            fields=["*token*"],
            operations=["read"],
        )
    )
    assert codes(gql(PROJECTS, carl)) == DENIED
    assert data(gql(EXPLAIN, carl))["explainPermission"] == {
        "allowed": False,
        "policyDecision": {"name": "no_projects_for_contractors"},
    }
    per_schema(settings, {"enable_policy_engine": False}, strict={})
    answer = data(gql('{ projects(orderBy: ["name"]) { name apiToken } }', carl))
    assert answer["projects"] == [
        {"name": "Apollo", "apiToken": "tok-secret"},
        {"name": "Borealis", "apiToken": "tok-secret"},
    ]
    assert data(gql(EXPLAIN, carl))["explainPermission"] == {
        "allowed": True,
        "policyDecision": None,
    }
    assert codes(post_to("strict", carl, PROJECTS)) == DENIED


# -- permission audit ----------------------------------------------------------------------------
def test_enable_permission_audit_on_in_one_schema_records_its_refusals(settings, sink):
    make_projects()
    stranger = person("stranger")
    assert codes(gql(PROJECTS, stranger)) == DENIED
    assert sink.checks() == []  # the global level: no permission audit
    per_schema(settings, {"enable_permission_audit": True}, strict={})
    assert codes(gql(PROJECTS, stranger)) == DENIED
    assert sink.checks() == [("denied", "no permission")]
    assert [e.details["schema"] for e in sink.events if e.action == "permission.denied"] == ["gql"]
    assert codes(post_to("strict", stranger, PROJECTS)) == DENIED
    assert len(sink.checks()) == 1


def test_permission_audit_log_all_in_one_schema_records_allowed_checks(settings, sink):
    world = make_projects()
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_permission_audit": True}}
    assert names(gql(PROJECTS, world.ann)) == ["Apollo"]
    assert sink.checks() == []  # allowed checks are not logged at the global level
    per_schema(settings, {"permission_audit_log_all": True})
    assert names(gql(PROJECTS, world.ann)) == ["Apollo"]
    assert ("success", "security_testapp.view_project_own") in sink.checks()


def test_permission_audit_log_denies_off_in_one_schema_records_no_refusal(settings, sink):
    make_projects()
    stranger = person("stranger")
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_permission_audit": True}}
    per_schema(settings, {"permission_audit_log_denies": False}, strict={})
    assert codes(gql(PROJECTS, stranger)) == DENIED
    assert sink.checks() == []
    assert codes(post_to("strict", stranger, PROJECTS)) == DENIED
    assert sink.checks() == [("denied", "no permission")]  # the global level logs denies


# -- permission cache ----------------------------------------------------------------------------
def _grant_silently(user: Any, role: str) -> None:
    """Assign ``role`` without the signals that drop cached grants (as another process's
    direct database write would look to this one until the cache entry expires)."""
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role_name=role)])


def test_enable_permission_cache_off_in_one_schema_reads_grants_afresh(settings):
    make_projects()
    late = person("late")
    per_schema(settings, {"enable_permission_cache": False}, strict={})
    assert codes(gql(PROJECTS, late)) == DENIED
    assert codes(post_to("strict", late, PROJECTS)) == DENIED  # cached there
    _grant_silently(late, "project_manager")
    assert names(gql(PROJECTS, late)) == ["Apollo", "Borealis"]
    assert codes(post_to("strict", late, PROJECTS)) == DENIED  # the cached grants
    # The role API of each schema reads grants the same way.
    assert "project_manager" in data(gql("{ myRoles }", late))["myRoles"]
    assert data(post_to("strict", late, "{ myRoles }"))["myRoles"] == []


def test_permission_cache_ttl_seconds_in_one_schema(settings):
    make_projects()
    late = person("late")
    per_schema(settings, {"permission_cache_ttl_seconds": 1})
    assert codes(gql(PROJECTS, late)) == DENIED
    _grant_silently(late, "project_manager")
    assert codes(gql(PROJECTS, late)) == DENIED  # cached...
    time.sleep(1.2)
    assert names(gql(PROJECTS, late)) == ["Apollo", "Borealis"]  # ...for one second only


# -- query depth ---------------------------------------------------------------------------------
def test_enable_query_depth_limiting_off_in_one_schema(settings):
    make_projects()
    root = person("root", superuser=True)
    deep = "{ tasks { project { tasks { project { name } } } } }"
    settings.RAIL_DJANGO_GRAPHQL = {
        "performance_settings": {"max_query_depth": 3, "max_query_complexity": None}
    }
    assert codes(gql(deep, root)) == ["RAIL_GQL_QUERY_TOO_DEEP"]
    per_schema(settings, {"enable_query_depth_limiting": False}, strict={})
    assert "errors" not in gql(deep, root)
    assert codes(post_to("strict", root, deep)) == ["RAIL_GQL_QUERY_TOO_DEEP"]


def test_session_timeout_minutes_ends_idle_sessions_per_schema(settings):
    from rail_django.security.auth.idle_timeout import SESSION_KEY

    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"session_timeout_minutes": None}}
    per_schema(settings, {"session_timeout_minutes": 1}, strict={})
    make_projects()
    root = person("root", superuser=True)
    client = logged_in(root)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 120
    session.save()
    body = json.dumps({"query": PROJECTS})
    kept = client.post("/graphql/strict/", data=body, content_type="application/json")
    assert kept.status_code == 200 and "errors" not in kept.json()
    ended = client.post("/graphql/", data=body, content_type="application/json")
    assert ended.status_code == 401
    assert ended.json()["errors"][0]["extensions"]["reason"] == "session_expired"


SCAN = """
mutation($input: ScanCreateInput!) { createScan(input: $input) { ok errors } }"""


def _upload_codes(schema: str, root: Any, name: str, content: bytes) -> list[str]:
    from rail_django.testing import GraphQLTestClient

    answer = GraphQLTestClient(user=root, schema=None if schema == "gql" else schema).upload(
        SCAN,
        {"input": {"label": "Scan", "attachment": None}},
        {"variables.input.attachment": (name, content, "application/octet-stream")},
    )
    return [e["code"] for e in answer.assert_no_errors()["createScan"]["errors"]]


def test_max_file_upload_size_in_one_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"max_file_upload_size": 10_000}}
    per_schema(settings, {"max_file_upload_size": 100}, strict={})
    root = person("root", superuser=True)
    assert _upload_codes("gql", root, "a.txt", b"a" * 500) == ["RAIL_GQL_FILE_TOO_LARGE"]
    assert _upload_codes("strict", root, "a.txt", b"a" * 500) == []


def test_allowed_file_types_in_one_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"allowed_file_types": [".csv"]}}
    per_schema(settings, {"allowed_file_types": [".txt"]}, strict={})
    root = person("root", superuser=True)
    assert _upload_codes("gql", root, "a.csv", b"a,b\n") == ["RAIL_GQL_FILE_TYPE_NOT_ALLOWED"]
    assert _upload_codes("strict", root, "a.csv", b"a,b\n") == []
    assert _upload_codes("gql", root, "a.txt", b"text") == []


def test_post_helper_reaches_the_default_schema():
    # /graphql/ and /graphql/gql/ are the same schema (what the tests above rely on).
    make_projects()
    root = person("root", superuser=True)
    assert post_to("gql", root, PROJECTS) == post(logged_in(root), PROJECTS)


def test_every_acting_key_has_a_per_schema_test():
    """A key that starts to act (leaves ``inert``) needs its test in this module (or in a
    ``test_security_per_schema_*.py`` next to it, which keeps each module short)."""
    from pathlib import Path

    from rail_django.security.settings_sections import SECURITY_SETTINGS

    here = Path(__file__)
    source = "".join(p.read_text() for p in here.parent.glob("test_security_per_schema*.py"))
    acting = sorted(set(SECURITY_SETTINGS.defaults) - set(SECURITY_SETTINGS.inert))
    assert len(acting) >= 38
    assert [key for key in acting if f"def test_{key}_" not in source] == []


def test_enable_authentication_off_for_one_schema_removes_its_token_sign_in(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_authentication": True}}
    per_schema(settings, {"enable_authentication": False}, other={})
    login = 'mutation { login(username: "x", password: "y") { token } }'
    root = person("root", superuser=True)
    absent = post_to("gql", root, login)
    assert absent["errors"][0]["code"] == "RAIL_GQL_VALIDATION_FAILED"
    assert post_to("other", root, login)["errors"][0]["code"] != "RAIL_GQL_VALIDATION_FAILED"


# Rate limiting: each key set for schema "gql" only; schema "other" keeps the global level.


def _rate_schemas(settings, gql: dict[str, Any], glob: dict[str, Any]) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": glob}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": gql},
        "other": {},
    }


def _statuses(schema: str, count: int, query: str = "{ __typename }", **meta: str) -> list[int]:
    from security_rate_client import send

    return [send(query, schema=schema, **meta).status_code for _ in range(count)]


ON = {"enable_rate_limiting": True}


def test_enable_rate_limiting_per_schema(settings):
    _rate_schemas(
        settings,
        {"enable_rate_limiting": True},
        {"enable_rate_limiting": False, "rate_limit_requests_per_minute": 1},
    )
    assert _statuses("gql", 2) == [200, 429]
    assert _statuses("other", 2) == [200, 200]


def test_rate_limit_requests_per_minute_per_schema(settings):
    _rate_schemas(
        settings, {"rate_limit_requests_per_minute": 1}, {**ON, "rate_limit_requests_per_minute": 5}
    )
    assert _statuses("gql", 2) == [200, 429]
    assert _statuses("other", 2) == [200, 200]


def test_rate_limit_requests_per_hour_per_schema(settings):
    _rate_schemas(
        settings, {"rate_limit_requests_per_hour": 1}, {**ON, "rate_limit_requests_per_hour": 5}
    )
    assert _statuses("gql", 2) == [200, 429]
    assert _statuses("other", 2) == [200, 200]


def test_rate_limit_login_requests_per_minute_per_schema(settings):
    from security_rate_client import logins

    _rate_schemas(
        settings,
        {"rate_limit_login_requests_per_minute": 1},
        {**ON, "rate_limit_login_requests_per_minute": 50},
    )
    assert _statuses("other", 1, logins(2)) == [200]
    assert _statuses("gql", 1, logins(2)) == [429]


def test_rate_limit_login_requests_per_hour_per_schema(settings):
    from security_rate_client import logins

    _rate_schemas(
        settings,
        {"rate_limit_login_requests_per_hour": 1},
        {**ON, "rate_limit_login_requests_per_hour": 50},
    )
    assert _statuses("other", 1, logins(2)) == [200]
    assert _statuses("gql", 1, logins(2)) == [429]


def test_rate_limit_sensitive_operations_per_schema(settings):
    logouts = "mutation { a: logout { success } b: logout { success } }"
    _rate_schemas(
        settings,
        {"rate_limit_sensitive_operations": ["logout"]},
        {**ON, "rate_limit_login_requests_per_minute": 1},
    )
    assert _statuses("other", 1, logouts) == [200]
    assert _statuses("gql", 1, logouts) == [429]


def test_rate_limit_cache_alias_per_schema(settings):
    from security_rate_client import DOWN

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "down": DOWN,
    }
    _rate_schemas(
        settings,
        {"rate_limit_cache_alias": "down"},
        {**ON, "rate_limit_on_cache_outage": "refuse"},
    )
    assert _statuses("gql", 1) == [503]
    assert _statuses("other", 1) == [200]


def test_rate_limit_on_cache_outage_per_schema(settings):
    from security_rate_client import DOWN

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "down": DOWN,
    }
    _rate_schemas(
        settings,
        {"rate_limit_on_cache_outage": "refuse"},
        {**ON, "rate_limit_cache_alias": "down"},
    )
    assert _statuses("gql", 1) == [503]
    assert _statuses("other", 1) == [200]


def test_rate_limit_trusted_proxy_header_per_schema(settings):
    _rate_schemas(
        settings,
        {"rate_limit_trusted_proxy_header": "X-Forwarded-For"},
        {**ON, "rate_limit_requests_per_minute": 1},
    )
    assert _statuses("gql", 1, HTTP_X_FORWARDED_FOR="203.0.113.1") == [200]
    assert _statuses("gql", 1, HTTP_X_FORWARDED_FOR="203.0.113.2") == [200]
    assert _statuses("other", 1, HTTP_X_FORWARDED_FOR="203.0.113.1") == [200]
    assert _statuses("other", 1, HTTP_X_FORWARDED_FOR="203.0.113.2") == [429]


def test_rate_limit_trusted_proxy_count_per_schema(settings):
    _rate_schemas(
        settings,
        {"rate_limit_trusted_proxy_count": 2},
        {
            **ON,
            "rate_limit_requests_per_minute": 1,
            "rate_limit_trusted_proxy_header": "X-Forwarded-For",
        },
    )
    # Two proxies in front of "gql": the client is the second entry from the right.
    assert _statuses("gql", 1, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.1") == [200]
    assert _statuses("gql", 1, HTTP_X_FORWARDED_FOR="203.0.113.2, 10.0.0.1") == [200]
    assert _statuses("other", 1, HTTP_X_FORWARDED_FOR="203.0.113.1, 10.0.0.1") == [200]
    assert _statuses("other", 1, HTTP_X_FORWARDED_FOR="203.0.113.2, 10.0.0.1") == [429]


# CORS and CSRF: set for schema "gql" only, the global level says the opposite.

SHOP = "https://shop.example.com"


def _from_shop(path: str = "/graphql/") -> Any:
    from django.test import Client

    return Client().post(
        path,
        json.dumps({"query": "{ __typename }"}),
        content_type="application/json",
        headers={"Origin": SHOP},
    )


def test_allowed_origins_per_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"allowed_origins": ["https://a.test"]}}
    per_schema(settings, {"allowed_origins": [SHOP]}, other={})
    assert _from_shop()["Access-Control-Allow-Origin"] == SHOP
    assert "Access-Control-Allow-Origin" not in _from_shop("/graphql/other/")


def test_enable_cors_per_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_cors": True}}
    per_schema(settings, {"enable_cors": False}, other={})
    assert "Access-Control-Allow-Origin" not in _from_shop()
    assert _from_shop("/graphql/other/")["Access-Control-Allow-Origin"] == "*"


def test_enable_csrf_protection_per_schema(settings, django_user_model):
    from django.test import Client

    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_csrf_protection": True}}
    per_schema(settings, {"enable_csrf_protection": False}, other={})
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("carol", password="x"))
    body = json.dumps({"query": "{ __typename }"})
    assert client.post("/graphql/", body, content_type="application/json").status_code == 200
    refused = client.post("/graphql/other/", body, content_type="application/json")
    assert refused.status_code == 403
