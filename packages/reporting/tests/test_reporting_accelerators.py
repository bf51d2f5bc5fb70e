"""The PostgreSQL accelerators: list, concat, percentile:<p>, stddev, variance."""

from __future__ import annotations

import pytest
from django.db import connection
from reporting_graphql import data, refused

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (elsewhere refused at save time)"
)


def accelerated_dataset():
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="stats",
        title="Order statistics by country",
        source_app_label="store",
        source_model="Order",
        dimensions=[{"field": "customer__country", "name": "country"}],
        metrics=[
            {"field": "customer__name", "aggregation": "list", "name": "customers"},
            {"field": "status", "aggregation": "concat", "name": "statuses"},
            {"field": "total_amount", "aggregation": "percentile:0.5", "name": "median"},
            {"field": "total_amount", "aggregation": "stddev", "name": "spread"},
            {"field": "total_amount", "aggregation": "variance", "name": "variance"},
        ],
        filters={"status": "paid"},
    )


def test_the_accelerators_compute_on_postgresql(orders):
    accelerated_dataset()
    query = '{ reportingDataset(code: "stats") { preview columns { name kind } } }'
    answer = data(orders["boss"], query)["reportingDataset"]
    fr, us = answer["preview"]
    assert fr["country"] == "FR"
    assert sorted(fr["customers"]) == ["Acme", "Acme", "Cora"]
    assert fr["statuses"] == "paid, paid, paid"
    assert fr["median"] == pytest.approx(50.0)
    # FR paid totals 100, 50, 10.5: sample variance and its root.
    assert fr["variance"] == pytest.approx(2011.75)
    assert fr["spread"] == pytest.approx(2011.75**0.5)
    assert us["median"] == pytest.approx(20.0)
    kinds = {c["name"]: c["kind"] for c in answer["columns"]}
    assert kinds == {
        "country": "string",
        "customers": "list",
        "statuses": "string",
        "median": "number",
        "spread": "number",
        "variance": "number",
    }


def test_the_grouping_query_offers_them_too(orders):
    query = """
    { orderGroup(groupBy: [{field: "status"}],
                 aggregates: [{field: "totalAmount", function: "percentile:0.9", name: "p90"}])
      { key aggregates } }
    """
    answer = data(orders["boss"], query)["orderGroup"]
    assert answer[0]["key"] == {"status": "paid"}
    assert answer[0]["aggregates"]["p90"] == pytest.approx(75.0)


def test_a_percentile_over_text_is_refused(orders):
    query = """
    { orderGroup(groupBy: [{field: "status"}],
                 aggregates: [{field: "status", function: "percentile:0.9"}]) { count } }
    """
    codes, message = refused(orders["boss"], query)
    assert codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "needs a number field" in message
