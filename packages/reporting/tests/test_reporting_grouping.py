"""``<model>Group`` and ``<model>Aggregate`` on every model: one SQL query each, capped, scoped."""

from __future__ import annotations

import pytest
from reporting_data import FEB, JAN
from reporting_graphql import data, refused, signed_in

GROUP = """
query($by: [ReportingGroupByInput!]!, $aggs: [ReportingAggregateInput!], $order: [String!],
      $limit: Int, $offset: Int, $tz: String) {
  orderGroup(groupBy: $by, aggregates: $aggs, orderBy: $order, limit: $limit, offset: $offset,
             timezone: $tz) { key count aggregates }
}
"""
BY_MONTH = [{"field": "createdAt", "transform": "trunc:month", "name": "month"}]
REVENUE = [{"field": "totalAmount", "function": "sum", "name": "revenue"}]

#: The session and the user of a signed-in request, before anything is resolved.
REQUEST_QUERIES = 2


def test_buckets_by_month_with_counts_and_sums_in_one_query(orders, django_assert_num_queries):
    gql = signed_in(orders["boss"])
    with django_assert_num_queries(REQUEST_QUERIES + 1):
        answer = gql.execute(GROUP, {"by": BY_MONTH, "aggs": REVENUE}).assert_no_errors()
    assert answer["orderGroup"] == [
        {"key": {"month": JAN}, "count": 4, "aggregates": {"revenue": 185.0}},
        {"key": {"month": FEB}, "count": 3, "aggregates": {"revenue": 1029.5}},
    ]


def test_a_relation_path_in_schema_spelling_and_ordering_by_count(orders):
    answer = data(
        orders["boss"],
        GROUP,
        {"by": [{"field": "customer.country"}], "order": ["-count"]},
    )
    assert answer["orderGroup"] == [
        {"key": {"customer_country": "FR"}, "count": 4, "aggregates": {}},
        {"key": {"customer_country": "US"}, "count": 3, "aggregates": {}},
    ]


def test_each_user_groups_only_the_rows_they_may_see(orders):
    by_country = {"by": [{"field": "customer.country", "name": "c"}], "aggs": REVENUE}
    alice = data(orders["alice"], GROUP, by_country)["orderGroup"]
    bob = data(orders["bob"], GROUP, by_country)["orderGroup"]
    assert [(b["key"]["c"], b["count"], b["aggregates"]["revenue"]) for b in alice] == [
        ("FR", 2, 110.5),
        ("US", 2, 35.0),
    ]
    assert [(b["key"]["c"], b["count"], b["aggregates"]["revenue"]) for b in bob] == [
        ("FR", 2, 1049.0),
        ("US", 1, 20.0),
    ]


def test_a_hidden_field_cannot_be_grouped_or_aggregated(orders):
    codes, message = refused(
        orders["alice"], GROUP, {"by": BY_MONTH, "aggs": [{"field": "margin", "function": "max"}]}
    )
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]
    assert "Order.margin" in message
    codes, _ = refused(orders["alice"], GROUP, {"by": [{"field": "margin"}]})
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]


def test_a_field_the_schema_does_not_expose_is_unknown(orders):
    codes, message = refused(orders["boss"], GROUP, {"by": [{"field": "owner.password"}]})
    assert codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "password" in message


def test_more_buckets_than_the_cap_is_a_clear_error(orders, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "rpt": {"apps": ["store"], "query_settings": {"max_grouping_buckets": 3}}
    }
    by_day = {"by": [{"field": "createdAt", "transform": "trunc:day"}]}
    codes, message = refused(orders["boss"], GROUP, by_day)
    assert codes == ["RAIL_GQL_TOO_MANY_BUCKETS"]
    assert "more than 3 buckets" in message
    # A page within the cap is served; a page over it is refused before any SQL.
    page = data(orders["boss"], GROUP, {**by_day, "limit": 3})["orderGroup"]
    assert len(page) == 3
    codes, _ = refused(orders["boss"], GROUP, {**by_day, "limit": 4})
    assert codes == ["RAIL_GQL_TOO_MANY_BUCKETS"]


def test_the_cap_holds_for_datasets_too(orders, settings):
    from test_reporting_guide import GUIDE_QUERY, create_guide_dataset

    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "rpt": {"apps": ["store"], "query_settings": {"max_grouping_buckets": 3}}
    }
    create_guide_dataset()
    codes, _ = refused(orders["boss"], GUIDE_QUERY)  # preview(limit: 100) is over the cap
    assert codes == ["RAIL_GQL_TOO_MANY_BUCKETS"]
    run = '{ reportingDataset(code: "sales_overview") { run { rows } } }'
    codes, _ = refused(orders["boss"], run)  # four buckets, three allowed
    assert codes == ["RAIL_GQL_TOO_MANY_BUCKETS"]


def test_where_narrows_the_grouping(orders):
    pytest.importorskip("rail_django.filtering")
    query = """
    query($w: OrderWhereInput) {
      orderGroup(groupBy: [{field: "status"}], where: $w) { key count }
    }
    """
    answer = data(orders["boss"], query, {"w": {"totalAmount": {"gte": "50"}}})
    assert answer["orderGroup"] == [
        {"key": {"status": "paid"}, "count": 2},
        {"key": {"status": "refunded"}, "count": 1},
    ]


def test_bad_transforms_and_functions_are_clear_errors(orders):
    codes, message = refused(
        orders["boss"], GROUP, {"by": [{"field": "status", "transform": "trunc:month"}]}
    )
    assert codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "needs a date or date-time field" in message
    codes, message = refused(
        orders["boss"],
        GROUP,
        {"by": BY_MONTH, "aggs": [{"field": "totalAmount", "function": "median"}]},
    )
    assert codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "median" in message


AGGREGATE = """
query {
  orderAggregate {
    count
    sum { totalAmount }
    avg { totalAmount }
    min { createdAt totalAmount }
    max { createdAt }
  }
}
"""


def test_aggregates_next_to_the_list_in_one_query(orders, django_assert_num_queries):
    gql = signed_in(orders["bob"])
    with django_assert_num_queries(REQUEST_QUERIES + 1):
        answer = gql.execute(AGGREGATE).assert_no_errors()["orderAggregate"]
    assert answer == {
        "count": 3,
        "sum": {"totalAmount": 1069.0},
        "avg": {"totalAmount": pytest.approx(1069 / 3)},
        "min": {"createdAt": "2024-01-20T09:00:00+00:00", "totalAmount": 20.0},
        "max": {"createdAt": "2024-02-15T18:00:00+00:00"},
    }


def test_aggregates_take_the_lists_where(orders):
    pytest.importorskip("rail_django.filtering")
    query = """
    query($w: OrderWhereInput) { orderAggregate(where: $w) { count sum { totalAmount } } }
    """
    answer = data(orders["boss"], query, {"w": {"status": {"eq": "paid"}}})
    assert answer["orderAggregate"] == {"count": 6, "sum": {"totalAmount": 215.5}}


def test_aggregating_a_hidden_field_is_refused(orders):
    codes, message = refused(orders["alice"], "{ orderAggregate { sum { margin } } }")
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]
    assert "Order.margin" in message
    assert data(orders["boss"], "{ orderAggregate { sum { margin } } }") == {
        "orderAggregate": {"sum": {"margin": 52.0}}
    }


def test_a_schema_without_the_json_scalar_keeps_only_the_aggregates(orders, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "rpt": {
            "apps": ["store"],
            "custom_scalars": {"JSON": {"enabled": False}, "DateTime": {"enabled": False}},
        }
    }
    codes, _ = refused(orders["boss"], GROUP, {"by": BY_MONTH})
    assert set(codes) == {"RAIL_GQL_VALIDATION_FAILED"}  # orderGroup is not in this schema
    answer = data(orders["boss"], "{ orderAggregate { count max { createdAt } } }")
    assert answer == {
        "orderAggregate": {"count": 7, "max": {"createdAt": "2024-02-15T18:00:00+00:00"}}
    }
