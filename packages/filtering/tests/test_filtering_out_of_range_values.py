"""Filter values no column can hold are refused as ``INVALID_FILTER``, the same on every database.

Each case was an internal error (a 500-class answer) found by the fuzzed-schema tests: the value
reached the database driver, which failed instead of matching nothing. Empty key lists, which
Django wrote as invalid SQL, now match every row (``hasKeys``) or none (``hasAnyKeys``).
"""

from __future__ import annotations

import pytest
from django.db import connection
from filtering_graphql import error_codes, items, post, refused

pytestmark = pytest.mark.django_db

BIG = 2**63


@pytest.mark.parametrize(
    "where",
    [
        {"id": {"in": [str(BIG)]}},  # SQLite: OverflowError (pk IN is not overflow-guarded)
        {"vendor": {"notIn": ["1" + "0" * 20]}},
        {"stock": {"in": [BIG]}},
        {"stock": {"between": [-BIG - 1, BIG]}},
        {"released": {"year": {"eq": 2**31 - 1}}},  # ValueError: year is out of range
        {"createdAt": {"year": {"gte": 0}}},
        {"createdAt": {"eq": "0001-01-01T00:00:00+05:00"}},  # OverflowError once in UTC
        {"createdAt": {"lt": "9999-12-31T23:59:59-05:00"}},
        {"leadTime": {"gt": "P999999999D"}},  # past 64-bit microseconds (SQLite's storage)
        {"title": {"eq": "\x00"}},  # PostgreSQL: text cannot contain NUL
        {"email": {"iexact": "a\x00"}},
        {"data": {"hasKey": "\x00"}},
        {"data": {"keys": [{"path": ["a\x00"], "eq": 1}]}},
        {"data": {"eq": {"a": ["\x00"]}}},
    ],
)
def test_a_value_no_column_can_hold_is_an_invalid_filter(admin_client, catalog, where):
    codes, _ = refused(admin_client, where)
    assert codes == ["RAIL_GQL_INVALID_FILTER"]


def test_values_at_the_edges_of_the_ranges_still_filter(admin_client, catalog):
    assert items(admin_client, {"stock": {"between": [-BIG, BIG - 1]}}) == [
        "Desk lamp",
        "Headphones",
        "Phone X",
        "Phone case",
    ]
    assert items(admin_client, {"released": {"year": {"lte": 9999}}}) == [
        "Headphones",
        "Phone X",
        "Phone case",
    ]
    assert items(admin_client, {"createdAt": {"gte": "0001-01-01T00:00:00+00:00"}}) != []
    assert items(admin_client, {"title": {"iregex": "^phone"}}) == ["Phone X", "Phone case"]


@pytest.mark.parametrize("operator", ["regex", "iregex"])
def test_a_pattern_the_database_refuses_leaves_the_rest_of_the_request_working(
    admin_client, catalog, operator
):
    # "a{1," is a literal for Python's re (SQLite's REGEXP): it matches nothing there.
    # PostgreSQL refuses it; it is tried in a savepoint, so the request's transaction survives.
    answer = post(
        admin_client,
        f'{{ bad: items(where: {{title: {{{operator}: "a{{1,"}}}}) {{ title }} '
        "ok: labels { name } }",
    )
    assert len(answer["data"]["ok"]) == 3
    if connection.vendor == "postgresql":
        assert error_codes(answer) == ["RAIL_GQL_INVALID_FILTER"]
    else:
        assert answer["data"]["bad"] == [] and "errors" not in answer


def test_empty_key_lists_match_all_or_nothing(admin_client, catalog):
    # Django wrote them as invalid SQL (an internal error on both databases).
    every = ["Desk lamp", "Headphones", "Phone X", "Phone case"]
    assert items(admin_client, {"data": {"hasKeys": []}}) == every
    assert items(admin_client, {"data": {"hasAnyKeys": []}}) == []
    assert items(admin_client, {"NOT": {"data": {"hasAnyKeys": []}}}) == every


@pytest.mark.parametrize(
    "where",
    [
        {"title": {"eq": "bad \ud800"}},
        {"title": {"in": ["ok", "\udfff"]}},
        {"title": {"icontains": "\ud800"}},
        {"vendorRel": {"name": {"startsWith": "\ud800"}}},
    ],
)
def test_a_lone_surrogate_in_a_filter_is_refused(admin_client, where):
    codes, message = refused(admin_client, where)
    assert codes == ["RAIL_GQL_INVALID_FILTER"], (codes, message)
    assert "surrogate" in message
