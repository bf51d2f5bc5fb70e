"""The GraphQL endpoint over HTTP: methods, media types, limits and malformed requests."""

import json

import pytest
from core_discovery_testapp.probe_schema import subscription_calls

from rail_django.core.http.document_cache import MAX_TOKENS
from rail_django.testing import GraphQLTestClient, error_codes, graphql_url


def endpoint(schema="probe"):
    return graphql_url(schema)


def post_graphql(client, query, variables=None, **kwargs):
    """The probe schema's answer to ``query`` (a ``GraphQLResponse``; ``.http`` for headers)."""
    return GraphQLTestClient(client, schema="probe").execute(query, variables, **kwargs)


def codes(response):
    """The error codes of a response sent with Django's test client itself."""
    return error_codes(response.json())


def test_post_json_runs_a_query(client):
    response = post_graphql(client, "query Greet($n: String) { hello(name: $n) }", {"n": "Ada"})
    assert response.status_code == 200
    assert response.http["Content-Type"] == "application/json; charset=utf-8"
    assert response == {"data": {"hello": "Hello Ada"}}


def test_post_with_charset_and_graphql_response_accept(client):
    response = client.post(
        endpoint("probe"),
        data=json.dumps({"query": "{ hello }"}),
        content_type="application/json; charset=utf-8",
        HTTP_ACCEPT="application/graphql-response+json",
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/graphql-response+json")
    assert response.json()["data"] == {"hello": "Hello world"}


def test_get_runs_a_query_with_json_variables(client):
    response = client.get(
        endpoint("probe"),
        {"query": "query D($v: Int!) { double(value: $v) }", "variables": '{"v": 21}'},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"double": 42}}


def test_mutation_over_get_is_refused(client):
    response = client.get(endpoint("probe"), {"query": "mutation { touch { ok } }"})
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert codes(response) == ["RAIL_GQL_METHOD_NOT_ALLOWED"]


def test_mutation_over_post_runs(client):
    response = post_graphql(client, "mutation { touch { ok } }")
    assert response.status_code == 200
    assert response == {"data": {"touch": {"ok": True}}}


def test_other_methods_are_refused(client):
    response = client.put(endpoint("probe"), data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert codes(response) == ["RAIL_GQL_METHOD_NOT_ALLOWED"]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "text/plain",
        "application/graphql",
    ],
)
def test_non_json_bodies_are_refused_before_anything_runs(client, content_type):
    # The body types a cross-site form can send without a CORS preflight (CSRF).
    body = "query=mutation%20%7B%20touch%20%7B%20ok%20%7D%20%7D"
    response = client.post(endpoint("probe"), data=body, content_type=content_type)
    assert response.status_code == 415
    assert codes(response) == ["RAIL_GQL_UNSUPPORTED_MEDIA_TYPE"]


def test_form_post_is_refused_even_with_csrf_checks_enforced(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(endpoint("probe"), {"query": "mutation { touch { ok } }"})
    assert response.status_code == 415


def test_json_post_needs_no_csrf_token(db):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = post_graphql(csrf_client, "mutation { touch { ok } }")
    assert response.status_code == 200


def test_non_utf8_charset_is_refused(client):
    response = client.post(
        endpoint("probe"), data=b"{}", content_type="application/json; charset=latin-1"
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("{not json", "not valid JSON"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        ('"a string"', "JSON object"),
        ("{}", "no 'query'"),
        ('{"query": 42}', "'query' must be a string"),
        ('{"query": "{ hello }", "variables": [1]}', "'variables' must be an object"),
        ('{"query": "{ hello }", "variables": "{}"}', "'variables' must be an object"),
        ('{"query": "{ hello }", "operationName": 3}', "'operationName' must be"),
        ('{"query": "{ hello }", "extensions": 3}', "'extensions' must be"),
        ('[{"query": "{ hello }"}]', "Batched requests are not supported"),
    ],
)
def test_malformed_requests_get_a_precise_400(client, body, fragment):
    response = client.post(endpoint("probe"), data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert fragment in error["message"]
    assert error["extensions"]["code"] == "RAIL_GQL_BAD_REQUEST"
    assert "data" not in response.json()


def test_get_with_malformed_variables_is_a_400(client):
    response = client.get(endpoint("probe"), {"query": "{ hello }", "variables": "{oops"})
    assert response.status_code == 400
    assert codes(response) == ["RAIL_GQL_BAD_REQUEST"]


def test_get_without_query_is_a_400(client):
    response = client.get(endpoint("probe"))
    assert response.status_code == 400
    assert "no 'query'" in response.json()["errors"][0]["message"]


def test_syntax_error_has_its_code_and_location(client):
    response = post_graphql(client, "{ hello ")
    assert response.status_code == 400
    error = response.errors[0]
    assert error["extensions"]["code"] == "RAIL_GQL_SYNTAX_ERROR"
    assert error["locations"] == [{"line": 1, "column": 9}]


def test_validation_error_has_its_code(client):
    response = post_graphql(client, "{ nope }")
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_VALIDATION_FAILED"]


def test_wrong_variable_types_are_a_400_not_a_500(client):
    response = post_graphql(client, "query D($v: Int!) { double(value: $v) }", {"v": "many"})
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "data" not in response


def test_missing_required_variable_is_a_400(client):
    response = post_graphql(client, "query D($v: Int!) { double(value: $v) }", {})
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_unknown_operation_name_is_a_400(client):
    response = post_graphql(client, "query A { hello } query B { hello }", operation_name="C")
    assert response.status_code == 400
    assert "Unknown operation named 'C'" in response.errors[0]["message"]


def test_several_operations_need_an_operation_name(client):
    response = post_graphql(client, "query A { hello } query B { hello }")
    assert response.status_code == 400
    assert "operationName" in response.errors[0]["message"]
    chosen = post_graphql(
        client, "query A { hello } query B { double(value: 2) }", operation_name="B"
    )
    assert chosen == {"data": {"double": 4}}


def test_oversized_body_is_a_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    response = post_graphql(client, "{ hello }" + " " * 300)
    assert response.status_code == 413
    assert response.error_codes == ["RAIL_GQL_PAYLOAD_TOO_LARGE"]


def test_too_many_tokens_is_refused_before_validation(client):
    query = "{ " + "hello " * (MAX_TOKENS + 10) + "}"
    response = post_graphql(client, query)
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_TOO_MANY_TOKENS"]


def test_comment_padding_does_not_escape_the_limits(client):
    query = "{ hello " + "#c\n" * 5000 + "}"
    response = post_graphql(client, query)
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_TOO_MANY_TOKENS"]


@pytest.fixture
def no_subscription_ran():
    subscription_calls["count"] = 0
    yield
    assert subscription_calls["count"] == 0, "a subscription resolver ran over HTTP"


@pytest.mark.usefixtures("no_subscription_ran")
def test_subscriptions_are_not_served_over_http(client):
    # The probe schema has a Subscription type, so the document is valid: only the endpoint's
    # own rule refuses it (graphql-core would otherwise execute it like a query).
    response = post_graphql(client, "subscription { ticks }")
    assert response.status_code == 400
    assert response.error_codes == ["RAIL_GQL_BAD_REQUEST"]
    assert response.errors[0]["message"] == (
        "Subscriptions are not served over HTTP: use the WebSocket endpoint."
    )
    assert "data" not in response


@pytest.mark.usefixtures("no_subscription_ran")
def test_subscriptions_are_refused_over_get_and_when_chosen_by_operation_name(client):
    response = client.get(endpoint(), {"query": "subscription S { ticks }"})
    assert response.status_code == 400
    assert "not served over HTTP" in response.json()["errors"][0]["message"]
    chosen = post_graphql(client, "query Q { hello } subscription S { ticks }", operation_name="S")
    assert chosen.status_code == 400
    assert "not served over HTTP" in chosen.errors[0]["message"]
    query = post_graphql(client, "query Q { hello } subscription S { ticks }", operation_name="Q")
    assert query == {"data": {"hello": "Hello world"}}


def test_default_schema_is_served_at_graphql_and_graphql_gql(client, db):
    for url in ("/graphql/", "/graphql/gql/"):
        response = client.post(
            url, data='{"query": "{ __typename }"}', content_type="application/json"
        )
        assert response.status_code == 200, url
        assert response.json() == {"data": {"__typename": "Query"}}


def test_unknown_schema_is_a_404_with_a_clear_message(client):
    response = post_graphql(client, "{ __typename }", schema="nope")
    assert response.status_code == 404
    error = response.errors[0]
    assert error["extensions"]["code"] == "RAIL_GQL_SCHEMA_NOT_FOUND"
    assert "'nope'" in error["message"]
