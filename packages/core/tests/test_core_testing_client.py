"""`rail_django.testing`: the GraphQL test client a project's tests use, seen from such a test."""

import doctest

import pytest
from django.test import Client

import rail_django.testing.graphql_client
from rail_django.testing import GraphQLTestClient, assert_no_errors, error_codes, graphql_url

pytestmark = pytest.mark.django_db


def test_execute_posts_json_and_returns_the_parsed_answer():
    answer = GraphQLTestClient(schema="probe").execute(
        "query Greet($n: String) { hello(name: $n) }", {"n": "Ada"}
    )
    assert answer == {"data": {"hello": "Hello Ada"}}
    assert answer.status_code == 200
    assert answer.http["Content-Type"] == "application/json; charset=utf-8"
    assert answer.data == {"hello": "Hello Ada"}
    assert answer.errors == [] and answer.error_codes == []
    assert answer.assert_no_errors() == {"hello": "Hello Ada"}


def test_the_default_schema_and_a_named_one_are_reversed_from_the_url_names():
    assert graphql_url() == "/graphql/"
    assert graphql_url("probe") == "/graphql/probe/"
    assert GraphQLTestClient().execute("{ __typename }").data == {"__typename": "Query"}
    client = GraphQLTestClient(schema="nope")
    assert client.execute("{ __typename }").error_codes == ["RAIL_GQL_SCHEMA_NOT_FOUND"]
    assert client.execute("{ hello }", schema="probe").data == {"hello": "Hello world"}
    assert GraphQLTestClient(url="/graphql/probe/").execute("{ double(value: 2) }").data == {
        "double": 4
    }


def test_user_is_logged_in_and_stays_logged_in_until_logout(django_user_model):
    ada = django_user_model.objects.create_user("ada", "ada@x.test", "pw")
    client = GraphQLTestClient(schema="probe")
    assert client.execute("{ viewer }").data == {"viewer": None}
    assert client.execute("{ viewer }", user=ada).data == {"viewer": "ada"}
    assert client.execute("{ viewer }").data == {"viewer": "ada"}
    client.logout()
    assert client.execute("{ viewer }").data == {"viewer": None}
    assert GraphQLTestClient(user=ada, schema="probe").execute("{ viewer }").data == {
        "viewer": "ada"
    }


def test_an_existing_django_client_is_reused(django_user_model):
    bob = django_user_model.objects.create_user("bob", "bob@x.test", "pw")
    django_client = Client()
    django_client.force_login(bob)
    answer = GraphQLTestClient(django_client, schema="probe").execute("{ viewer }")
    assert answer.data == {"viewer": "bob"}


def test_headers_operation_name_and_client_options_reach_the_request():
    client = GraphQLTestClient(schema="probe")
    answer = client.execute(
        "query A { hello } query B { double(value: 3) }",
        operation_name="B",
        headers={"Accept": "application/graphql-response+json"},
    )
    assert answer.data == {"double": 6}
    assert answer.http["Content-Type"].startswith("application/graphql-response+json")
    assert client.execute("{ hello }", secure=True).http.wsgi_request.is_secure()


def test_errors_are_read_by_code_and_fail_assert_no_errors_with_the_errors_shown():
    answer = GraphQLTestClient(schema="probe").execute("{ missing }")
    assert answer.status_code == 200
    assert answer.error_codes == ["RAIL_GQL_NOT_FOUND"] == error_codes(answer)
    assert answer.data == {"missing": None}
    with pytest.raises(AssertionError, match="RAIL_GQL_NOT_FOUND"):
        answer.assert_no_errors()
    with pytest.raises(AssertionError, match="RAIL_GQL_NOT_FOUND"):
        assert_no_errors(answer)
    refused = GraphQLTestClient(schema="probe").execute("{ nope }")
    assert refused.status_code == 400
    with pytest.raises(AssertionError, match="HTTP 400"):
        refused.assert_no_errors()


def test_a_body_that_is_not_json_fails_with_the_status(settings):
    settings.ROOT_URLCONF = "core_testapp.urls"
    with pytest.raises(AssertionError, match="HTTP 404 with a body that is not JSON"):
        GraphQLTestClient(url="/not-graphql/").execute("{ hello }")


def test_docstring_examples_hold():
    results = doctest.testmod(rail_django.testing.graphql_client)
    assert results.attempted >= 3 and results.failed == 0


def test_the_documented_examples_hold(admin_user):
    # docs/content/packages/core.md, "Testing your API": the same two tests.
    gql = GraphQLTestClient(user=admin_user)
    data = gql.execute("{ products { name } }").assert_no_errors()
    assert data == {"products": []}
    answer = GraphQLTestClient().execute(
        "mutation($input: TagCreateInput!) { createTag(input: $input) { ok } }",
        {"input": {"name": "new"}},
    )
    assert answer.error_codes == ["RAIL_GQL_UNAUTHENTICATED"]
