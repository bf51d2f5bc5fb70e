"""Query complexity under the guide's cost model (field 1, relation 5, list 10, paid once per
field written; plus 1 per row a list may return, nested lists multiplied by their parents' rows),
with variables, fragments and connections, per schema, and the cost in ``extensions`` when
``enable_query_cost_analysis`` is on."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def cost_report(settings):
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {"enable_query_cost_analysis": True}}


def cost(answer):
    return answer["extensions"]["cost"]["requested"]


def test_the_cost_model(admin, cost_report):
    make_store()
    # A list of 20 default rows: 10 + 20 rows + 1 + 1.
    assert cost(run("{ products { id name } }", user=admin)) == 32
    # A relation: 5 + its fields, once (it is a join, not a query per row).
    assert cost(run("{ products(limit: 3) { name category { name } } }", user=admin)) == 10 + 3 + 7
    # A retrieve is a relation from the root; __typename costs nothing.
    answer = run('{ product(id: "1") { __typename name } }', user=admin)
    assert cost(answer) == 6
    assert answer["extensions"]["cost"]["maximum"] == 1000
    # Nested lists multiply their rows: 10 + 2 + 1 + (10 + 2 x 20 + 1).
    assert cost(run("{ products(limit: 2) { name tags { name } } }", user=admin)) == 64
    # The examples of the module doc and the README.
    assert cost(run("{ products(limit: 100) { id name } }", user=admin)) == 112
    assert cost(run("{ products(limit: 10) { name tags { name } } }", user=admin)) == 232


def test_rows_come_from_variables_and_their_defaults(admin, cost_report):
    query = "query($n: Int = 5) { tags(limit: $n) { name } }"
    assert cost(run(query, user=admin)) == 10 + 5 + 1
    assert cost(run(query, user=admin, variables={"n": 50})) == 10 + 50 + 1
    # A page larger than max_page_size counts as max_page_size (pagination refuses it).
    answer = run(query, user=admin, variables={"n": 5000})
    assert codes(answer) == ["RAIL_GQL_INVALID_PAGINATION"]


def test_fragments_count_where_they_are_spread(admin, cost_report):
    query = """
        { a: products(limit: 4) { ...P } b: products(limit: 2) { ...P } }
        fragment P on Product { name category { ...C } }
        fragment C on Category { name slug }
    """
    fragment = 1 + 5 + 2
    assert cost(run(query, user=admin)) == (10 + 4 + fragment) + (10 + 2 + fragment)


def test_over_the_limit_is_refused_before_any_sql(admin):
    make_store()
    query = "{ products(limit: 100) { name tags { name products { name } } } }"
    with CaptureQueriesContext(connection) as queries:
        answer = run(query, user=admin)
    assert not [q for q in queries if "core_testapp_" in q["sql"]]
    assert codes(answer) == ["RAIL_GQL_QUERY_TOO_COMPLEX"]
    error = answer["errors"][0]
    assert error["extensions"]["cost"] == (10 + 100 + 1) + (10 + 2000 + 1) + (10 + 40_000 + 1)
    assert error["extensions"]["maxComplexity"] == 1000
    assert "at most 1000" in error["message"] and answer["data"] is None


def test_variables_cannot_sneak_past_the_limit(admin):
    query = "query($n: Int) { products(limit: $n) { name tags { name } } }"
    assert "errors" not in run(query, user=admin, variables={"n": 10})
    answer = run(query, user=admin, variables={"n": 100})
    assert codes(answer) == ["RAIL_GQL_QUERY_TOO_COMPLEX"]


def test_relay_connections_multiply_their_edges(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "query_settings": {"use_relay": True},
        "performance_settings": {"enable_query_cost_analysis": True},
    }
    query = "{ products(first: 30) { totalCount edges { node { name category { name } } } } }"
    # connection 10 + 30 rows, totalCount 1, edges 0 (the connection paid its rows), node 5,
    # name 1, category 5 + name 1.
    assert cost(run(query, user=admin)) == 10 + 30 + 1 + 5 + 1 + 6


def test_the_limit_is_per_schema_and_can_be_turned_off(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "tight": {"performance_settings": {"max_query_complexity": 20}},
        "open": {"performance_settings": {"max_query_complexity": None}},
    }
    query = "{ tags(limit: 5) { name } }"  # 16 points
    assert "errors" not in run(query, user=admin, schema="tight")
    answer = run("{ tags(limit: 10) { name } }", user=admin, schema="tight")  # 21
    assert codes(answer) == ["RAIL_GQL_QUERY_TOO_COMPLEX"]
    big = "{ products(limit: 100) { tags { products { name } } } }"
    assert codes(run(big, user=admin)) == ["RAIL_GQL_QUERY_TOO_COMPLEX"]
    assert "errors" not in run(big, user=admin, schema="open")


def test_the_complexity_middleware_switch(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_query_complexity_middleware": False}
    }
    assert "errors" not in run(
        "{ products(limit: 100) { tags { products { name } } } }", user=admin
    )


def test_no_cost_in_extensions_unless_asked(admin):
    answer = run("{ tags { name } }", user=admin)
    assert "extensions" not in answer
    assert ok(answer) == {"tags": []}


def test_introspection_costs_nothing(admin, cost_report):
    answer = run("{ __schema { types { name fields { name args { name } } } } }", user=admin)
    assert cost(answer) == 0


def test_realistic_documents_pass_the_defaults(admin, cost_report):
    make_store()
    page = """{ products(offset: 0, limit: 10, orderBy: ["-price", "name"]) {
        id name sku price isActive category { name } tags { name } } }"""
    # 10 + 10 rows + 5 fields + (category 5 + 1) + (tags 10 + 10 x 20 rows + 1)
    assert cost(run(page, user=admin)) == 242
    orders = """{
        orders(limit: 5) { placedAt total notes customer { name email status }
            items { quantity unitPrice product { name sku } } }
        categories { name products { name price } } }"""
    # orders 10 + 5 + 3 + (5 + 3) + items (10 + 5 x 20 + 2 + (5 + 2)) = 145;
    # categories 10 + 20 + 1 + products (10 + 20 x 20 + 2) = 443.
    assert cost(run(orders, user=admin)) == 145 + 443
    three = "{ orders(limit: 2) { items { product { tags { name } } } } }"
    # 10 + 2 + (10 + 40) + 5 + (10 + 40 x 20) + 1
    assert cost(run(three, user=admin)) == 878


@pytest.mark.parametrize(
    "query",
    [
        "{ categories { products { tags { products { name } } } } }",
        "{ " + " ".join(f"a{i}: products(limit: 100) {{ name }}" for i in range(10)) + " }",
        "{ products(limit: 50) { ...P } }"
        " fragment P on Product { a: tags { name } b: tags { name } }",
        "{ products(limit: 100) { tags(limit: 100) { name } } }",
    ],
    ids=["deep-nesting", "aliases", "fragment", "huge-nested-page"],
)
def test_abusive_documents_are_refused(admin, query):
    assert codes(run(query, user=admin)) == ["RAIL_GQL_QUERY_TOO_COMPLEX"]
