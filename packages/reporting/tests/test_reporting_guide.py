"""The guide's two examples (BI Reporting & Dashboards), run verbatim."""

from __future__ import annotations

from reporting_data import GUIDE_ROWS_ALICE, GUIDE_ROWS_ALL
from reporting_graphql import data


def create_guide_dataset():
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="sales_overview",
        title="Monthly Sales",
        source_app_label="store",
        source_model="Order",
        dimensions=[
            {"field": "created_at", "transform": "trunc:month", "name": "month"},
            {"field": "customer__country", "name": "country"},
        ],
        metrics=[
            {"field": "total_amount", "aggregation": "sum", "name": "revenue"},
            {"field": "id", "aggregation": "count", "name": "order_count"},
        ],
    )


GUIDE_QUERY = """
query {
  reportingDataset(code: "sales_overview") {
    preview(limit: 100)
  }
}
"""


def test_the_guide_dataset_previews_monthly_revenue_per_country(orders):
    create_guide_dataset()
    answer = data(orders["boss"], GUIDE_QUERY)
    assert answer == {"reportingDataset": {"preview": GUIDE_ROWS_ALL}}


def test_a_user_who_sees_only_their_orders_aggregates_only_them(orders):
    create_guide_dataset()
    answer = data(orders["alice"], GUIDE_QUERY)
    assert answer["reportingDataset"]["preview"] == GUIDE_ROWS_ALICE


def test_a_preview_costs_the_dataset_lookup_and_one_grouping_query(
    orders, django_assert_num_queries
):
    from reporting_graphql import signed_in

    create_guide_dataset()
    gql = signed_in(orders["alice"])
    # The session and the user, the dataset row, then one GROUP BY.
    with django_assert_num_queries(2 + 2):
        answer = gql.execute(GUIDE_QUERY).assert_no_errors()
    assert answer["reportingDataset"]["preview"] == GUIDE_ROWS_ALICE
