"""Bad definitions are refused when saved, in code or in the admin, each problem named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import modelform_factory


def dataset(**overrides):
    from rail_django.extensions.reporting import ReportingDataset

    fields = {
        "code": "broken",
        "title": "Broken",
        "source_app_label": "store",
        "source_model": "Order",
        "dimensions": [{"field": "customer__country", "name": "country"}],
        "metrics": [{"field": "total_amount", "aggregation": "sum", "name": "revenue"}],
    }
    fields.update(overrides)
    return ReportingDataset(**fields)


def problems(**overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        dataset(**overrides).save()
    return caught.value.message_dict


@pytest.mark.django_db
def test_every_problem_is_listed_with_the_entry_it_comes_from():
    errors = problems(
        dimensions=[
            {"field": "customer__planet"},
            {"field": "status", "transform": "trunc:month"},
            {"field": "created_at", "transform": "trunc:fortnight"},
        ],
        metrics=[
            {"field": "status", "aggregation": "sum"},
            {"field": "total_amount", "aggregation": "median"},
        ],
    )
    assert errors["dimensions"] == [
        "dimensions[0]: Customer has no field 'planet' (in 'customer__planet').",
        "dimensions[1]: trunc:month needs a date or date-time field; status is not one",
        "dimensions[2]: transform 'trunc:fortnight' is not one of trunc:year, trunc:quarter, "
        "trunc:month, trunc:week, trunc:day, trunc:hour, trunc:minute",
    ]
    assert errors["metrics"][0] == "metrics[0]: sum needs a number field; status is a string"
    assert errors["metrics"][1].startswith("metrics[1]: aggregation 'median' is not one of count")


@pytest.mark.django_db
def test_an_unknown_source_model_is_named():
    assert problems(source_model="Invoice") == {
        "source_model": ["No model store.Invoice is installed."]
    }


@pytest.mark.django_db
def test_filters_and_ordering_are_checked_against_the_model_and_the_columns():
    errors = problems(filters={"colour": "red"}, ordering=["-profit"])
    assert "colour" in errors["filters"][0]
    assert errors["ordering"] == ["ordering names no column: -profit"]


@pytest.mark.django_db
def test_two_columns_cannot_share_a_name():
    errors = problems(metrics=[{"field": "id", "aggregation": "count", "name": "country"}])
    assert errors["dimensions"] == ["two columns are named 'country'"]


@pytest.mark.django_db
def test_hour_of_a_date_field_is_refused():
    errors = problems(dimensions=[{"field": "placed_on", "transform": "trunc:hour"}])
    assert errors["dimensions"] == ["dimensions[0]: placed_on is a date: it has no hour"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL computes them")
@pytest.mark.parametrize("aggregation", ["list", "concat", "stddev", "variance", "percentile:0.95"])
def test_postgres_accelerators_are_refused_at_save_time_elsewhere(aggregation):
    errors = problems(metrics=[{"field": "total_amount", "aggregation": aggregation}])
    assert errors["metrics"] == [
        f"metrics[0]: aggregation {aggregation!r} needs PostgreSQL (this database is "
        f"{connection.vendor})"
    ]


@pytest.mark.django_db
def test_a_percentile_needs_a_fraction():
    errors = problems(metrics=[{"field": "total_amount", "aggregation": "percentile:95"}])
    assert "between 0 and 1" in errors["metrics"][0]


@pytest.mark.django_db
def test_the_admin_form_shows_the_problems_on_their_fields():
    from rail_django.extensions.reporting import ReportingDataset

    # The form the admin builds for the model (django.contrib.admin is not installed here).
    form_class = modelform_factory(ReportingDataset, fields="__all__")
    form = form_class(
        data={
            "code": "admin_made",
            "title": "From the admin",
            "source_app_label": "store",
            "source_model": "Order",
            "dimensions": '[{"field": "created_at", "transform": "extract:moon"}]',
            "metrics": '[{"field": "total_amount", "aggregation": "sum"}]',
            "filters": "{}",
            "ordering": "[]",
            "is_active": "on",
        }
    )
    assert not form.is_valid()
    assert form.errors["dimensions"][0].startswith(
        "dimensions[0]: transform 'extract:moon' is not one of extract:year"
    )
    assert not ReportingDataset.objects.exists()


@pytest.mark.django_db
def test_a_declared_dataset_is_validated_when_declared():
    from rail_django.extensions.reporting import declare_dataset

    with pytest.raises(ValidationError):
        declare_dataset(
            code="bad",
            title="Bad",
            source_app_label="store",
            source_model="Order",
            dimensions=[{"field": "nope"}],
        )
