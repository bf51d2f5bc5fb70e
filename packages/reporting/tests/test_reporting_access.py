"""Who may run what: row scope, hidden fields, dataset permissions, the list of datasets."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from reporting_graphql import data, post, refused
from test_reporting_guide import GUIDE_QUERY, create_guide_dataset


def margin_dataset():
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="margins",
        title="Margin by country",
        source_app_label="store",
        source_model="Order",
        dimensions=[{"field": "customer__country", "name": "country"}],
        metrics=[{"field": "margin", "aggregation": "sum", "name": "margin"}],
    )


def test_a_hidden_field_cannot_be_a_metric_for_who_cannot_read_it(orders):
    margin_dataset()
    query = '{ reportingDataset(code: "margins") { preview } }'
    codes, message = refused(orders["alice"], query)
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]
    assert "Order.margin" in message
    # Staff read the margin, so they aggregate it.
    rows = data(orders["boss"], query)["reportingDataset"]["preview"]
    assert rows == [{"country": "FR", "margin": 42.0}, {"country": "US", "margin": 10.0}]


def test_the_dataset_list_holds_only_what_the_user_may_run(orders):
    create_guide_dataset()
    margin_dataset()
    query = "{ reportingDatasets { code } }"
    assert data(orders["boss"], query) == {
        "reportingDatasets": [{"code": "margins"}, {"code": "sales_overview"}]
    }
    assert data(orders["alice"], query) == {"reportingDatasets": [{"code": "sales_overview"}]}


def test_anonymous_users_run_nothing(orders):
    create_guide_dataset()
    answer = post(None, GUIDE_QUERY)
    assert answer.error_codes == ["RAIL_GQL_UNAUTHENTICATED"]
    assert answer.data == {"reportingDataset": None}


def test_a_dataset_permission_is_required_when_the_dataset_names_one(orders):
    from rail_django.extensions.reporting import ReportingDataset

    create_guide_dataset()
    ReportingDataset.objects.filter(code="sales_overview").update(
        required_permission="store.view_customer"
    )
    codes, _message = refused(orders["alice"], GUIDE_QUERY)
    assert codes == ["RAIL_GQL_PERMISSION_DENIED"]
    assert data(orders["alice"], "{ reportingDatasets { code } }") == {"reportingDatasets": []}
    orders["bob"].user_permissions.add(
        Permission.objects.get(codename="view_customer", content_type__app_label="store")
    )
    assert data(orders["bob"], GUIDE_QUERY)["reportingDataset"]["preview"]


def test_an_unknown_or_inactive_code_is_not_found(orders):
    from rail_django.extensions.reporting import ReportingDataset

    create_guide_dataset()
    ReportingDataset.objects.filter(code="sales_overview").update(is_active=False)
    codes, message = refused(orders["boss"], GUIDE_QUERY)
    assert codes == ["RAIL_GQL_NOT_FOUND"]
    codes, _ = refused(orders["boss"], '{ reportingDataset(code: "nope") { code } }')
    assert codes == ["RAIL_GQL_NOT_FOUND"]


def test_a_dataset_over_a_model_outside_the_schema_is_not_found(orders):
    from rail_django.extensions.reporting import ReportingDataset

    ReportingDataset.objects.create(
        code="users",
        title="Users",
        source_app_label="auth",
        source_model="User",
        dimensions=[{"field": "is_staff"}],
        metrics=[{"aggregation": "count", "name": "users"}],
    )
    codes, _message = refused(orders["boss"], '{ reportingDataset(code: "users") { preview } }')
    assert codes == ["RAIL_GQL_NOT_FOUND"]


def test_a_declared_dataset_runs_like_a_stored_one(orders):
    from rail_django.extensions.reporting import declare_dataset

    declare_dataset(
        code="orders_by_status",
        title="Orders by status",
        source_app_label="store",
        source_model="Order",
        dimensions=[{"field": "status"}],
        metrics=[{"aggregation": "count", "name": "orders"}],
    )
    query = '{ reportingDataset(code: "orders_by_status") { preview } }'
    assert data(orders["bob"], query)["reportingDataset"]["preview"] == [
        {"status": "paid", "orders": 2},
        {"status": "refunded", "orders": 1},
    ]


def test_run_dataset_from_python_applies_the_same_scope(orders):
    from rail_django.extensions.reporting import ReportingDataset, run_dataset

    create_guide_dataset()
    dataset = ReportingDataset.objects.get(code="sales_overview")
    result = run_dataset(dataset, user=orders["bob"], schema_name="rpt", totals=True)
    assert result.totals["revenue"] == 1069.0
    assert [c.name for c in result.columns] == ["month", "country", "revenue", "order_count"]
