"""``reportingDataset(code:) { run(...) }``: typed columns, where, order, pages, totals, zones."""

from __future__ import annotations

import pytest
from reporting_data import FEB, JAN
from reporting_graphql import data, refused
from test_reporting_guide import create_guide_dataset

RUN = """
query($where: JSON, $order: [String!], $limit: Int, $offset: Int, $tz: String, $totals: Boolean) {
  reportingDataset(code: "sales_overview") {
    code title
    columns { name label kind role }
    run(where: $where, orderBy: $order, limit: $limit, offset: $offset, timezone: $tz,
        totals: $totals) { rows totals hasMore columns { name } }
  }
}
"""


def run(user, **variables):
    create_guide_dataset()
    return data(user, RUN, variables)["reportingDataset"]


def test_columns_say_name_label_kind_and_role(orders):
    answer = run(orders["boss"])
    assert answer["code"] == "sales_overview"
    assert answer["title"] == "Monthly Sales"
    assert answer["columns"] == [
        {"name": "month", "label": "Month", "kind": "datetime", "role": "dimension"},
        {"name": "country", "label": "Country", "kind": "string", "role": "dimension"},
        {"name": "revenue", "label": "Revenue", "kind": "number", "role": "metric"},
        {"name": "order_count", "label": "Order count", "kind": "integer", "role": "metric"},
    ]


def test_order_by_a_metric_descending_with_a_page(orders):
    answer = run(orders["boss"], order=["-revenue"], limit=2, offset=1)["run"]
    assert [(r["month"], r["country"], r["revenue"]) for r in answer["rows"]] == [
        (JAN, "FR", 150.0),
        (JAN, "US", 35.0),
    ]
    assert answer["hasMore"] is True


def test_totals_add_the_grand_total_row(orders):
    answer = run(orders["boss"], totals=True)["run"]
    assert answer["totals"] == {
        "month": None,
        "country": None,
        "revenue": 1214.5,
        "order_count": 7,
    }
    assert answer["hasMore"] is False


def test_a_query_time_zone_moves_a_late_order_into_the_next_month(orders):
    rows = run(orders["boss"], tz="Europe/Paris")["run"]["rows"]
    us = {r["month"]: (r["revenue"], r["order_count"]) for r in rows if r["country"] == "US"}
    assert us == {
        "2024-01-01T00:00:00+01:00": (30.0, 1),
        "2024-02-01T00:00:00+01:00": (25.0, 2),
    }


def test_an_unknown_time_zone_is_a_clear_error(orders):
    create_guide_dataset()
    codes, message = refused(orders["boss"], RUN, {"tz": "Mars/Olympus"})
    assert codes == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "Mars/Olympus" in message


def test_order_by_an_unknown_column_names_the_columns(orders):
    create_guide_dataset()
    codes, message = refused(orders["boss"], RUN, {"order": ["-price"]})
    assert codes == ["RAIL_GQL_INVALID_ORDERING"]
    assert "country" in message and "revenue" in message


def test_where_uses_the_source_models_filter_input(orders):
    pytest.importorskip("rail_django.filtering")
    answer = run(orders["boss"], where={"status": {"eq": "refunded"}})["run"]
    assert answer["rows"] == [{"month": FEB, "country": "FR", "revenue": 999.0, "order_count": 1}]


def test_a_bad_where_is_refused_with_the_filter_code(orders):
    pytest.importorskip("rail_django.filtering")
    create_guide_dataset()
    codes, _message = refused(orders["boss"], RUN, {"where": {"nope": {"eq": 1}}})
    assert codes == ["RAIL_GQL_INVALID_FILTER"]


def test_dataset_filters_and_ordering_apply_to_every_run(orders):
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="paid_by_country",
        title="Paid orders by country",
        source_app_label="store",
        source_model="Order",
        dimensions=[{"field": "customer__country", "name": "country"}],
        metrics=[{"field": "total_amount", "aggregation": "avg", "name": "average"}],
        filters={"status": "paid"},
        ordering=["-average"],
    )
    query = '{ reportingDataset(code: "paid_by_country") { preview } }'
    rows = data(orders["boss"], query)["reportingDataset"]["preview"]
    assert [r["country"] for r in rows] == ["FR", "US"]  # the refunded 999 is left out
    assert [r["average"] for r in rows] == [pytest.approx(53.5), pytest.approx(55 / 3)]


def test_extract_groups_by_day_of_week_on_a_date_field(orders):
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="by_weekday",
        title="Orders by weekday",
        source_app_label="store",
        source_model="Order",
        dimensions=[{"field": "placed_on", "transform": "extract:dow", "name": "weekday"}],
        metrics=[{"aggregation": "count", "name": "orders"}],
    )
    query = '{ reportingDataset(code: "by_weekday") { preview columns { name kind } } }'
    answer = data(orders["boss"], query)["reportingDataset"]
    # Django's week_day: 1 = Sunday ... 7 = Saturday, on every database.
    assert answer["preview"] == [
        {"weekday": 4, "orders": 3},  # Wednesdays: Jan 10, Jan 31, Feb 14
        {"weekday": 5, "orders": 1},  # Thursday Feb 15
        {"weekday": 6, "orders": 1},  # Friday Jan 5
        {"weekday": 7, "orders": 2},  # Saturdays: Jan 20, Feb 3
    ]
    assert answer["columns"] == [
        {"name": "weekday", "kind": "integer"},
        {"name": "orders", "kind": "integer"},
    ]


def test_the_docs_chart_shows_these_numbers(orders):
    from rail_django.extensions.reporting import ReportingDataset

    create_guide_dataset()
    ReportingDataset.objects.filter(code="sales_overview").update(filters={"status": "paid"})
    rows = data(orders["boss"], '{ reportingDataset(code: "sales_overview") { preview } }')
    chart = [
        (r["month"][:7], r["country"], r["revenue"]) for r in rows["reportingDataset"]["preview"]
    ]
    # docs/content/packages/reporting-chart.svg draws exactly these bars.
    assert chart == [
        ("2024-01", "FR", 150.0),
        ("2024-01", "US", 35.0),
        ("2024-02", "FR", 10.5),
        ("2024-02", "US", 20.0),
    ]
