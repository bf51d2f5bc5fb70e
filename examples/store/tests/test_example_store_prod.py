"""The example's production settings: secure unless the environment says otherwise."""

from __future__ import annotations

import pytest

PROD = "root.settings.prod"
SECRET = "test-only-" + "x7Gq2LmZ9pRt4VwB8yNc3KdH6fJs1XaE5uTo0iQe" * 2
PROD_ENV = {"DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "shop.example.com"}

EFFECTIVE_SETTINGS = """
from django.conf import settings
from rail_django.core.settings_sections import schema_settings

report({
    "debug": settings.DEBUG,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "schemas": {
        name: {
            key: schema_settings(name)["schema_settings"][key]
            for key in ("enable_graphiql", "enable_introspection", "graphiql_superuser_only")
        }
        for name in ("gql", "admin")
    },
})
"""


@pytest.mark.parametrize("module", [PROD, "root.settings.production"])
def test_production_is_secure_by_default(demo_project, module):
    effective = demo_project.run(EFFECTIVE_SETTINGS, settings=module, **PROD_ENV)
    assert effective["debug"] is False
    assert effective["allowed_hosts"] == ["shop.example.com"]
    closed = {"enable_graphiql": False, "enable_introspection": False}
    for schema in ("gql", "admin"):
        assert effective["schemas"][schema] == {**closed, "graphiql_superuser_only": True}


def test_the_environment_can_open_graphiql_to_superusers(demo_project):
    effective = demo_project.run(
        EFFECTIVE_SETTINGS,
        settings=PROD,
        RAIL_ENABLE_GRAPHIQL="true",
        DJANGO_DEBUG="0",
        **PROD_ENV,
    )
    assert effective["debug"] is False
    assert effective["schemas"]["gql"] == {
        "enable_graphiql": True,
        "enable_introspection": False,
        "graphiql_superuser_only": True,
    }


GRAPHIQL_PAGE = """
from django.contrib.auth import get_user_model
from django.test import Client

statuses = {}
for username in ("admin", "viewer"):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page = client.get("/graphql/", HTTP_ACCEPT="text/html", secure=True)
    statuses[username] = [page.status_code, page["Content-Type"].split(";")[0]]
report(statuses)
"""


def test_graphiql_opened_by_the_environment_is_for_superusers_only(demo_project):
    statuses = demo_project.graphql(
        GRAPHIQL_PAGE, settings=PROD, RAIL_ENABLE_GRAPHIQL="true", **PROD_ENV
    )
    assert statuses == {"admin": [200, "text/html"], "viewer": [403, "application/json"]}


def test_deploy_checks_pass(demo_project):
    result = demo_project.manage(
        "check", "--deploy", "--fail-level", "WARNING", settings=PROD, **PROD_ENV
    )
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(demo_project):
    result = demo_project.manage("check", settings=PROD, check=False)
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


GRAPHIQL_AND_INTROSPECTION = """
from django.test import Client
client = Client()
from django.contrib.auth import get_user_model
client.force_login(get_user_model().objects.get(username="admin"))
page = client.get("/graphql/", HTTP_ACCEPT="text/html", secure=True)
report({
    "graphiql_status": page.status_code,
    "graphiql_answer": page.json(),
    "introspection": graphql("{ __schema { queryType { name } } }", username="admin"),
    "query": graphql('{ categories(orderBy: ["name"]) { name } }', username="admin"),
})
"""


def test_production_serves_no_graphiql_and_no_introspection(demo_project):
    answer = demo_project.graphql(GRAPHIQL_AND_INTROSPECTION, settings=PROD, **PROD_ENV)
    assert answer["graphiql_status"] == 404
    assert answer["graphiql_answer"]["errors"][0]["extensions"]["code"] == "RAIL_GQL_NOT_FOUND"
    codes = [error["extensions"]["code"] for error in answer["introspection"]["body"]["errors"]]
    assert codes == ["RAIL_GQL_INTROSPECTION_DISABLED"]
    # The API itself still answers.
    assert len(answer["query"]["body"]["data"]["categories"]) == 5


def test_production_demo_data_creates_no_users_without_passwords(fresh_project):
    fresh_project.manage("migrate", "--noinput", settings=PROD, **PROD_ENV)
    output = fresh_project.manage("load_demo_data", settings=PROD, **PROD_ENV).stdout
    assert "Demo user 'admin' skipped: DEMO_ADMIN_PASSWORD is not set." in output
    users = fresh_project.run(
        "from django.contrib.auth import get_user_model\n"
        "report(get_user_model().objects.count())\n",
        settings=PROD,
        **PROD_ENV,
    )
    assert users == 0
