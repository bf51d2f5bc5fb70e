"""List and retrieve fields: lookups, offset pagination, Relay connections, query counts."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store
from core_testapp.models import Tag

from rail_django.core.schema_builder import build_schema
from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


@pytest.fixture
def tags():
    return [Tag.objects.create(name=f"t{i:03}") for i in range(130)]


def names(rows):
    return [row["name"] for row in rows]


def test_the_guides_standard_query(admin):
    store = make_store()
    data = ok(
        run(
            """query($id: ID!) { products(first: 10) { id name price }
                                 product(id: $id) { name } }""",
            user=admin,
            variables={"id": str(store.Atlas.pk)},
        )
    )
    assert data["product"] == {"name": "Atlas"}
    # GraphQLMeta.Ordering.default is ["-price"].
    assert data["products"][0] == {"id": str(store.Pixel.pk), "name": "Pixel", "price": "699.00"}
    assert names(data["products"]) == ["Pixel", "Nokia", "Atlas", "Moby Dick"]


def test_retrieve_by_additional_lookup_fields(admin, settings):
    store = make_store()
    settings.RAIL_DJANGO_GRAPHQL = {
        "query_settings": {"additional_lookup_fields": {"core_testapp.Product": ["slug", "uuid"]}}
    }
    query = "query($s: String, $u: UUID) { product(slug: $s, uuid: $u) { name } }"
    assert ok(run(query, user=admin, variables={"s": "at-1"})) == {"product": {"name": "Atlas"}}
    by_uuid = run(query, user=admin, variables={"u": str(store.Pixel.uuid)})
    assert ok(by_uuid) == {"product": {"name": "Pixel"}}
    both = run(query, user=admin, variables={"s": "at-1", "u": str(store.Pixel.uuid)})
    assert codes(both) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "exactly one of: id, slug, uuid" in both["errors"][0]["message"]
    assert codes(run("{ product { name } }", user=admin)) == ["RAIL_GQL_INVALID_ARGUMENT"]
    # Without the setting there is no slug argument.
    settings.RAIL_DJANGO_GRAPHQL = {}
    assert "slug" in run('{ product(slug: "x") { name } }', user=admin)["errors"][0]["message"]


def test_retrieve_missing_and_malformed_ids(admin):
    assert ok(run('{ product(id: "999999") { name } }', user=admin)) == {"product": None}
    answer = run('{ product(id: "abc") { name } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert answer["errors"][0]["message"] == "'abc' is not a valid id."


def test_default_page_size_and_offset(admin, tags):
    data = ok(run("{ tags { name } }", user=admin))
    assert names(data["tags"]) == [f"t{i:03}" for i in range(20)]
    data = ok(run("{ tags(offset: 125, limit: 10) { name } }", user=admin))
    assert names(data["tags"]) == [f"t{i:03}" for i in range(125, 130)]
    assert ok(run("{ tags(offset: 500) { name } }", user=admin)) == {"tags": []}
    assert ok(run("{ tags(limit: 0) { name } }", user=admin)) == {"tags": []}
    assert len(ok(run("{ tags(first: 100) { name } }", user=admin))["tags"]) == 100


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("limit: 101", "at most 100 rows (asked for 101)"),
        ("first: 5000", "at most 100 rows (asked for 5000)"),
        ("offset: -1", "offset must be 0 or more"),
        ("limit: -5", "limit must be 0 or more"),
        ("limit: 5, first: 6", "disagree"),
    ],
)
def test_bad_page_arguments_are_refused(admin, tags, arguments, message):
    answer = run(f"{{ tags({arguments}) {{ name }} }}", user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_PAGINATION"]
    assert message in answer["errors"][0]["message"]
    assert answer["data"] == {"tags": None}


def test_page_sizes_come_from_settings(admin, tags, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"default_page_size": 5, "max_page_size": 7}}
    assert len(ok(run("{ tags { name } }", user=admin))["tags"]) == 5
    assert len(ok(run("{ tags(limit: 7) { name } }", user=admin))["tags"]) == 7
    assert codes(run("{ tags(limit: 8) { name } }", user=admin)) == ["RAIL_GQL_INVALID_PAGINATION"]


def test_pagination_switches(admin, tags, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"generate_pagination": False}}
    assert "limit" not in str(build_schema("gql")).split("tags(")[1].split(")")[0]
    assert len(ok(run("{ tags { name } }", user=admin))["tags"]) == 20
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"enable_pagination": False}}
    assert "offset" not in str(build_schema("gql")).split("tags(")[1].split(")")[0]
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"enable_pagination": False}}
    answer = run("{ tags(limit: 3) { name } }", user=admin)
    assert codes(answer) == ["RAIL_GQL_OPERATION_DISABLED"]
    # No window asked for: the list is still capped at max_page_size.
    assert len(ok(run("{ tags { name } }", user=admin))["tags"]) == 100


def test_a_list_costs_one_query(admin, tags, django_assert_num_queries):
    client = GraphQLTestClient(user=admin)
    query = "{ tags(limit: 50) { id name } }"
    client.execute(query)  # warm caches
    with django_assert_num_queries(3):  # session, user, the page
        response = client.execute(query)
    assert len(response.assert_no_errors()["tags"]) == 50


# -- Relay -----------------------------------------------------------------------------------

RELAY = {"query_settings": {"use_relay": True, "default_page_size": 3}}


def test_relay_connections(admin, tags, settings):
    settings.RAIL_DJANGO_GRAPHQL = RELAY
    query = """query($after: String) { tags(first: 2, after: $after) {
        edges { cursor node { name } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }"""
    first = ok(run(query, user=admin))["tags"]
    assert [e["node"]["name"] for e in first["edges"]] == ["t000", "t001"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = ok(run(query, user=admin, variables={"after": first["pageInfo"]["endCursor"]}))
    assert [e["node"]["name"] for e in second["tags"]["edges"]] == ["t002", "t003"]
    assert second["tags"]["pageInfo"]["hasPreviousPage"] is True
    # Default page size, last/before.
    data = ok(run("{ tags { edges { node { name } } } }", user=admin))
    assert len(data["tags"]["edges"]) == 3
    data = ok(
        run("{ tags(last: 2) { edges { node { name } } pageInfo { hasNextPage } } }", user=admin)
    )
    assert [e["node"]["name"] for e in data["tags"]["edges"]] == ["t128", "t129"]
    assert data["tags"]["pageInfo"]["hasNextPage"] is False
    before = second["tags"]["pageInfo"]["startCursor"]
    data = ok(
        run(
            "query($b: String) { tags(last: 5, before: $b) { edges { node { name } } } }",
            user=admin,
            variables={"b": before},
        )
    )
    assert [e["node"]["name"] for e in data["tags"]["edges"]] == ["t000", "t001"]


def test_relay_refuses_bad_windows(admin, tags, settings):
    settings.RAIL_DJANGO_GRAPHQL = RELAY
    for arguments in ('after: "bm9wZQ=="', "first: -1", "first: 101", "first: 1, last: 1"):
        answer = run(f"{{ tags({arguments}) {{ edges {{ cursor }} }} }}", user=admin)
        assert codes(answer) == ["RAIL_GQL_INVALID_PAGINATION"], arguments


def test_total_count_runs_only_when_selected(admin, tags, settings, django_assert_num_queries):
    settings.RAIL_DJANGO_GRAPHQL = RELAY
    post = GraphQLTestClient(user=admin).execute

    post("{ tags { edges { node { name } } } }")  # warm caches
    with django_assert_num_queries(3):
        post("{ tags(first: 2) { edges { node { name } } } }")
    with django_assert_num_queries(4) as captured:
        answer = post("{ tags(first: 2) { totalCount edges { node { name } } } }")
    assert answer["data"]["tags"]["totalCount"] == 130
    assert any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
