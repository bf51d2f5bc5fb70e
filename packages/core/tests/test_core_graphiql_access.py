"""Who gets the GraphiQL page, and what the page may load; introspection switched off.

Tests of the keys' own values run with ``DEBUG = True`` (development), where no production
default stands in for them; what ``DEBUG = False`` changes is tested in
``test_core_production_posture.py``."""

import re

import pytest
from core_discovery_testapp.graphql_requests import codes, post_graphql

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _page(client, schema="probe", **extra):
    return client.get(f"/graphql/{schema}/", HTTP_ACCEPT=BROWSER_ACCEPT, **extra)


def _schema_settings(settings, **values):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"probe": {"schema_settings": values}}


def test_browsers_get_graphiql(client, settings):
    settings.DEBUG = True
    response = _page(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'id="graphiql"' in html
    assert "/static/rail_django/graphiql/vendor/graphiql.min.js" in html
    assert response["X-Frame-Options"] == "DENY"


def test_page_references_no_external_url(client, settings):
    settings.DEBUG = True
    html = _page(client).content.decode()
    urls = re.findall(r"""(?:https?:)?//[^\\s"'<>)]+""", html)
    assert urls == []
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert src.startswith("/static/"), src


def test_json_clients_never_get_the_page(client):
    response = client.get("/graphql/probe/", {"query": "{ hello }"}, HTTP_ACCEPT="*/*")
    assert response.json() == {"data": {"hello": "Hello world"}}
    response = client.get("/graphql/probe/", {"query": "{ hello }"})
    assert response.json() == {"data": {"hello": "Hello world"}}


def test_graphiql_disabled_is_a_404(client, settings):
    _schema_settings(settings, enable_graphiql=False)
    response = _page(client)
    assert response.status_code == 404
    assert b"graphiql.min.js" not in response.content
    assert codes(response) == ["RAIL_GQL_NOT_FOUND"]
    # The API itself still answers.
    assert post_graphql(client, "{ hello }").status_code == 200


@pytest.mark.django_db
def test_graphiql_superuser_only(client, settings, django_user_model):
    _schema_settings(settings, graphiql_superuser_only=True)
    assert _page(client).status_code == 403
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    response = _page(client)
    assert response.status_code == 403
    assert codes(response) == ["RAIL_GQL_PERMISSION_DENIED"]
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    assert _page(client).status_code == 200


def test_graphiql_allowed_hosts(client, settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["testserver", "internal.example", "other.example"]
    _schema_settings(settings, graphiql_allowed_hosts=["internal.example"])
    assert _page(client).status_code == 403
    assert _page(client, HTTP_HOST="other.example").status_code == 403
    assert _page(client, HTTP_HOST="internal.example").status_code == 200
    assert _page(client, HTTP_HOST="internal.example:8000").status_code == 200
    # Only the UI is restricted, not the API.
    assert post_graphql(client, "{ hello }").status_code == 200


def test_graphiql_settings_are_per_schema(client, settings):
    settings.DEBUG = True
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"schema_settings": {"enable_graphiql": False}},
        "discovered": {"schema_settings": {"enable_graphiql": True}},
    }
    assert _page(client).status_code == 404
    assert _page(client, schema="discovered").status_code == 200


def test_introspection_disabled(client, settings):
    _schema_settings(settings, enable_introspection=False)
    for query in (
        "{ __schema { types { name } } }",
        '{ __type(name: "Query") { name } }',
        "{ ...F } fragment F on Query { __schema { queryType { name } } }",
    ):
        response = post_graphql(client, query)
        assert response.status_code == 400, query
        assert "RAIL_GQL_INTROSPECTION_DISABLED" in codes(response), query
    assert post_graphql(client, "{ __typename hello }").json() == {
        "data": {"__typename": "Query", "hello": "Hello world"}
    }


def test_introspection_disabled_hides_field_suggestions(client, settings):
    settings.DEBUG = True
    assert "Did you mean" in post_graphql(client, "{ helo }").json()["errors"][0]["message"]
    _schema_settings(settings, enable_introspection=False)
    assert "Did you mean" not in post_graphql(client, "{ helo }").json()["errors"][0]["message"]


def test_introspection_enabled_by_default_in_development(client, settings):
    settings.DEBUG = True
    response = post_graphql(client, "{ __schema { queryType { name } } }")
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
