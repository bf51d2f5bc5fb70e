"""The plan follows GraphQL's selection rules: fragments, inline fragments, aliases, variables,
``@include``/``@skip``; Relay connections with ``totalCount``; plans are cached per document."""

from __future__ import annotations

import pytest
from core_query_client import user_with
from core_query_counts import counted, make_catalogue, rail_settings

from rail_django.core.optimizer import plan_cache_info
from rail_django.core.registry import schema_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    return user_with(django_user_model, "admin", superuser=True)


def test_fragments_and_inline_fragments_are_followed(admin):
    make_catalogue(categories=3, products_per_category=3)
    query = """
        query { products(limit: 100) { ...Card ... on Product { tags { name } } } }
        fragment Card on Product { name ...Shelf }
        fragment Shelf on Product { category { name } }
    """
    data, sql = counted(query, admin)
    assert len(sql) == 2  # products joined to their category; tags prefetched
    assert "JOIN" in sql[0]
    assert all(p["category"]["name"] and len(p["tags"]) == 3 for p in data["products"])


def test_aliases_of_one_relation_keep_their_own_arguments(admin):
    make_catalogue(categories=3, products_per_category=4)
    query = """{ categories {
        cheap: products(orderBy: ["price"], limit: 1) { price }
        dear: products(orderBy: ["-price"], limit: 1) { price }
        none: products(limit: 0) { price }
    } }"""
    data, sql = counted(query, admin)
    assert len(sql) == 3  # categories and one prefetch per alias; an empty page costs nothing
    for category in data["categories"]:
        assert category == {"cheap": [{"price": "10.00"}], "dear": [{"price": "13.00"}], "none": []}


def test_aliases_of_one_join_are_merged_and_keep_their_nested_lists_apart(admin):
    make_catalogue(categories=2, products_per_category=3)
    query = """{ products(limit: 100) {
        a: category { name products(orderBy: ["price"], limit: 1) { price } }
        b: category { slug products(orderBy: ["-price"], limit: 1) { price } }
    } }"""
    data, sql = counted(query, admin)
    assert len(sql) == 3  # one join for both aliases, one prefetch for each nested list
    for product in data["products"]:
        assert product["a"]["products"] == [{"price": "10.00"}]
        assert product["b"]["products"] == [{"price": "12.00"}]


@pytest.mark.parametrize(("with_category", "statements"), [(True, 1), (False, 1)])
def test_include_and_skip_follow_the_variables(admin, with_category, statements):
    make_catalogue(categories=2, products_per_category=2)
    query = """query($c: Boolean!) { products {
        name category @include(if: $c) { name } tags @skip(if: $c) { name } } }"""
    data, sql = counted(query, admin, variables={"c": with_category})
    product = data["products"][0]
    if with_category:
        assert "category" in product and "tags" not in product
        assert len(sql) == 1 and "JOIN" in sql[0]
    else:
        assert "tags" in product and "category" not in product
        assert len(sql) == 2 and "JOIN" not in sql[0]


def test_variables_reach_nested_arguments(admin):
    make_catalogue(categories=2, products_per_category=4)
    query = """query($n: Int!, $o: [String!]) { categories {
        products(limit: $n, orderBy: $o) { price } } }"""
    data, sql = counted(query, admin, variables={"n": 2, "o": ["-price"]})
    assert len(sql) == 2
    assert data["categories"][0]["products"] == [{"price": "13.00"}, {"price": "12.00"}]
    data, _ = counted(query, admin, variables={"n": 1, "o": ["price"]})
    assert data["categories"][0]["products"] == [{"price": "10.00"}]


def test_invalid_nested_arguments_are_refused_with_their_code(admin):
    make_catalogue(categories=1, products_per_category=1)
    from core_query_client import codes, run

    answer = run('{ categories { products(orderBy: ["nope"]) { name } } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"]
    answer = run("{ categories { products(limit: 1000) { name } } }", user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_PAGINATION"]


def test_plans_are_cached_per_document_and_variable_values(admin):
    make_catalogue(categories=2, products_per_category=2)
    query = "query($c: Boolean!) { products { name category @include(if: $c) { name } } }"
    counted(query, admin, variables={"c": True})
    build = schema_registry.get_schema("gql").build_context
    before = plan_cache_info(build)
    counted(query, admin, variables={"c": True})
    after = plan_cache_info(build)
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"]
    counted(query, admin, variables={"c": False})  # another plan for another value
    assert plan_cache_info(build)["misses"] == after["misses"] + 1
    counted(query, admin, variables={"c": False})
    assert plan_cache_info(build)["hits"] == after["hits"] + 1


def test_connection_with_total_count(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(query_settings={"use_relay": True})
    make_catalogue(categories=2, products_per_category=5)
    query = """{ products(first: 100) { totalCount pageInfo { hasNextPage }
        edges { cursor node { name category { name } tags { name } } } } }"""
    data, sql = counted(query, admin)
    # COUNT, the page joined to categories, the tags of the page
    assert len(sql) == 3
    assert data["products"]["totalCount"] == 10 and len(data["products"]["edges"]) == 10
    make_catalogue(categories=8, products_per_category=5)
    data, sql = counted(query, admin)
    assert len(sql) == 3 and data["products"]["totalCount"] == 50
    # Without totalCount, no COUNT.
    data, sql = counted("{ products(first: 5) { edges { node { name } } } }", admin)
    assert len(sql) == 1 and "COUNT" not in sql[0].upper()


def test_connection_aliases_of_edges_and_node_are_merged(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(query_settings={"use_relay": True})
    make_catalogue(categories=2, products_per_category=2)
    query = """{ products(first: 10) { a: edges { n: node { category { name } } }
        b: edges { node { tags { name } } } } }"""
    data, sql = counted(query, admin)
    assert len(sql) == 2
    assert all(e["n"]["category"] for e in data["products"]["a"])
    assert all(len(e["node"]["tags"]) == 3 for e in data["products"]["b"])
