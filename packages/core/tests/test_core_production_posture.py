"""With ``DEBUG = False`` (production): GraphiQL for superusers, no introspection and no field
suggestions for anonymous clients, unless a setting explicitly says otherwise."""

import pytest
from core_discovery_testapp.graphql_requests import codes, post_graphql

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Query") { name } }'
INTROSPECTED = {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def _page(client, schema="probe"):
    return client.get(f"/graphql/{schema}/", HTTP_ACCEPT=BROWSER_ACCEPT)


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {}


@pytest.mark.django_db
def test_graphiql_is_for_superusers_in_production(client, django_user_model):
    refused = _page(client)
    assert refused.status_code == 403
    assert codes(refused) == ["RAIL_GQL_PERMISSION_DENIED"]
    client.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    assert _page(client).status_code == 403
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    assert _page(client).status_code == 200


def test_graphiql_for_everyone_when_a_setting_says_so(client, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"schema_settings": {"graphiql_superuser_only": False}}
    }
    assert _page(client).status_code == 200
    assert _page(client, schema="discovered").status_code == 403  # still the production default


def test_graphiql_open_in_development(client, settings):
    settings.DEBUG = True
    assert _page(client).status_code == 200


def test_anonymous_clients_cannot_introspect_in_production(client):
    for query in (SCHEMA, TYPE, "{ ...F } fragment F on Query { __schema { types { name } } }"):
        response = post_graphql(client, query)
        assert response.status_code == 400, query
        assert codes(response) == ["RAIL_GQL_INTROSPECTION_DISABLED"], query
    assert post_graphql(client, "{ __typename hello }").json() == {
        "data": {"__typename": "Query", "hello": "Hello world"}
    }


def test_no_field_suggestions_for_anonymous_clients_in_production(client, settings):
    message = post_graphql(client, "{ helo }").json()["errors"][0]["message"]
    assert message == "Cannot query field 'helo' on type 'Query'."
    settings.DEBUG = True
    assert (
        "Did you mean 'hello'?" in post_graphql(client, "{ helo }").json()["errors"][0]["message"]
    )


@pytest.mark.django_db
def test_signed_in_users_keep_introspection_and_suggestions(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("ann", password="pw"))
    assert post_graphql(client, SCHEMA).json() == INTROSPECTED
    assert "Did you mean" in post_graphql(client, "{ helo }").json()["errors"][0]["message"]


def test_introspection_explicitly_on_stays_on_for_anonymous(client, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"enable_introspection": True}}
    assert post_graphql(client, SCHEMA).json() == INTROSPECTED


def test_introspection_explicitly_on_is_per_schema(client, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "probe": {"schema_settings": {"enable_introspection": True}},
    }
    assert post_graphql(client, SCHEMA).json() == INTROSPECTED
    other = post_graphql(client, SCHEMA, schema="discovered")
    assert codes(other)[0].endswith("_INTROSPECTION_DISABLED")  # that schema has its own prefix


def test_introspection_open_in_development(client, settings):
    settings.DEBUG = True
    assert post_graphql(client, SCHEMA).json() == INTROSPECTED
