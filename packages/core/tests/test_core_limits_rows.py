"""No list returns unbounded rows: an unpaged nested list holds at most ``default_page_size``
rows per parent and answers ``RAIL_GQL_PAGE_REQUIRED`` past it (never a silently cut list), in
the same SQL statements; ``performance_settings.max_rows_per_request`` bounds the rows of a whole
request as they are fetched (``RAIL_GQL_TOO_MANY_ROWS``)."""

from __future__ import annotations

import json

import pytest
from core_query_client import codes, ok, run, user_with
from core_query_counts import REQUEST_QUERIES, make_catalogue, rail_settings
from django.core import checks
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def counted_run(query: str, user):
    """The answer to ``query`` and the SQL statements it made (the session and user lookups
    not counted), asked by ``user`` logged in beforehand."""
    client = Client()
    client.force_login(user)
    body = json.dumps({"query": query})
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", data=body, content_type="application/json")
    answer = response.json()
    for error in answer.get("errors", []):
        error["code"] = error["extensions"]["code"]
    return answer, len(captured.captured_queries) - REQUEST_QUERIES


TAG_PRODUCTS = "{ tags(limit: 1) { name products { name } } }"


def test_an_unpaged_nested_list_past_the_default_page_is_refused_not_cut(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    make_catalogue(categories=1, products_per_category=21, tags=1)
    answer, statements = counted_run(TAG_PRODUCTS, admin)
    assert statements == 2  # the tags, and one prefetch fetching 21 rows per tag at most
    assert codes(answer) == ["RAIL_GQL_PAGE_REQUIRED"]
    assert answer["data"] == {"tags": None}  # no partial list
    error = answer["errors"][0]
    assert error["path"] == ["tags", 0, "products"]
    assert "more than 20 rows" in error["message"]
    assert "pass limit (at most 100) and offset" in error["message"]
    assert error["extensions"]["maxRows"] == 20 and error["extensions"]["maxPageSize"] == 100


def test_the_fetch_stops_one_row_past_the_cap(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    make_catalogue(categories=1, products_per_category=60, tags=1)
    client = Client()
    client.force_login(admin)
    with CaptureQueriesContext(connection) as captured:
        client.post("/graphql/", {"query": TAG_PRODUCTS}, content_type="application/json")
    prefetch = captured.captured_queries[-1]["sql"]
    assert "ROW_NUMBER" in prefetch.upper() and "21" in prefetch


def test_a_nested_list_that_fits_is_answered_whole(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    make_catalogue(categories=1, products_per_category=20, tags=1)
    answer, statements = counted_run(TAG_PRODUCTS, admin)
    assert statements == 2
    assert len(ok(answer)["tags"][0]["products"]) == 20


def test_paging_the_nested_list_reads_every_row(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    make_catalogue(categories=1, products_per_category=130, tags=1)
    names = []
    for offset in (0, 100):
        page = f'limit: 100, offset: {offset}, orderBy: ["name"]'
        query = f"{{ tags(limit: 1) {{ products({page}) {{ name }} }} }}"
        answer, statements = counted_run(query, admin)
        assert statements == 2
        names += [p["name"] for p in ok(answer)["tags"][0]["products"]]
    assert len(names) == 130 == len(set(names))
    too_big = run("{ tags(limit: 1) { products(limit: 500) { name } } }", user=admin)
    assert codes(too_big) == ["RAIL_GQL_INVALID_PAGINATION"]


def test_the_cap_holds_without_the_prefetch_too(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(
        performance_settings={"enable_prefetch_related": False}
    )
    make_catalogue(categories=1, products_per_category=21, tags=1)
    assert codes(run(TAG_PRODUCTS, user=admin)) == ["RAIL_GQL_PAGE_REQUIRED"]


def test_with_pagination_off_the_cap_is_max_page_size(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(
        query_settings={"enable_pagination": False, "max_page_size": 30}
    )
    make_catalogue(categories=1, products_per_category=30, tags=1)
    query = "{ tags { products { name } } }"
    assert len(ok(run(query, user=admin))["tags"][0]["products"]) == 30
    make_catalogue(categories=1, products_per_category=1, tags=1)  # the tag now has 31
    answer = run(query, user=admin)
    assert codes(answer) == ["RAIL_GQL_PAGE_REQUIRED"]
    assert "does not page lists" in answer["errors"][0]["message"]


def test_root_lists_answer_their_default_page(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    make_catalogue(categories=1, products_per_category=25, tags=1)
    assert len(ok(run("{ products { name } }", user=admin))["products"]) == 20


def test_the_rows_of_a_request_are_capped_as_they_are_fetched(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(performance_settings={"max_rows_per_request": 50})
    make_catalogue(categories=3, products_per_category=15, tags=1)
    # 3 categories + 45 products: within the ceiling.
    query = "{ categories { name products { name } } }"
    answer, statements = counted_run(query, admin)
    assert statements == 2 and len(ok(answer)["categories"]) == 3
    # + 3 orders: 51 rows; the list that goes over is refused and nothing past it is answered
    # or even fetched (no statement for the tags).
    over = "{ categories { products { name } } orders { placedAt } tags { name } }"
    answer, statements = counted_run(over, admin)
    assert statements == 3
    assert answer["data"]["categories"] is not None
    assert answer["data"]["orders"] is None and answer["data"]["tags"] is None
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ROWS", "RAIL_GQL_TOO_MANY_ROWS"]
    error = answer["errors"][0]
    assert error["path"] == ["orders"] and error["extensions"]["maxRows"] == 50
    assert "max_rows_per_request" in error["message"]


def test_the_row_ceiling_counts_nested_lists_and_connections(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(performance_settings={"max_rows_per_request": 40})
    make_catalogue(categories=2, products_per_category=20, tags=1)
    answer = run("{ categories { products { name } } }", user=admin)  # 2 + 40
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ROWS"]
    assert answer["errors"][0]["path"] == ["categories", 1, "products"]
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(
        query_settings={"use_relay": True}, performance_settings={"max_rows_per_request": 40}
    )
    make_catalogue(categories=1, products_per_category=5, tags=1)
    assert "errors" not in run("{ products(first: 40) { edges { node { name } } } }", user=admin)
    answer = run("{ products(first: 41) { edges { node { name } } } }", user=admin)
    assert codes(answer) == ["RAIL_GQL_TOO_MANY_ROWS"]


def test_the_row_ceiling_can_be_turned_off(admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(
        performance_settings={"max_rows_per_request": None}
    )
    make_catalogue(categories=6, products_per_category=20, tags=1)
    assert len(ok(run("{ categories { products { name } } }", user=admin))["categories"]) == 6


@pytest.mark.parametrize("value", ["many", 0, 2.5])
@pytest.mark.parametrize("key", ["max_rows_per_request", "max_query_directives"])
def test_the_new_limits_are_checked_at_startup(settings, key, value):
    settings.RAIL_DJANGO_GRAPHQL = {"performance_settings": {key: value}}
    messages = checks.run_checks(tags=["rail_django"])
    assert any(key in m.msg and m.level == checks.ERROR for m in messages)
