"""The same ``where`` from plain Python (the queryset pipeline), and the generated FilterSet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import QueryDict
from filtering_graphql import items
from filtering_testapp.models import Item, Vendor

from rail_django.contracts.error_codes import RailError
from rail_django.contracts.queryset_pipeline import QueryRequest, build_queryset
from rail_django.filtering import apply_where, filterset_for

WHERE = {
    "OR": [
        {"vendorRel": {"country": {"in": ["US", "FR"]}}, "releasedAt": None},
        {"status": {"eq": "DRAFT"}},
    ],
    "reviewsRel": {"some": {"stars": {"gte": 2}}},
    "createdAt": {"year": {"gte": 2023}},
}
WHERE["OR"][0].pop("releasedAt")


def _titles(queryset) -> list[str]:
    return sorted(row.title for row in queryset)


def test_same_where_in_graphql_and_in_python(admin_client, catalog):
    over_http = items(admin_client, WHERE)
    request = QueryRequest(model=Item, schema_name="flt", user=admin_client.user, where=WHERE)
    assert (
        _titles(build_queryset(request))
        == over_http
        == sorted(["Phone X", "Headphones", "Phone case"])
    )


def test_python_values_may_be_native_or_as_in_variables(catalog):
    native = {
        "price": {"between": [Decimal("20"), 50]},
        "released": {"lt": dt.date(2024, 1, 1)},
        "status": {"in": ["draft", Item.Status.ACTIVE]},  # stored values are accepted too
    }
    textual = {
        "price": {"between": ["20", "50"]},
        "released": {"lt": "2024-01-01"},
        "status": {"in": ["DRAFT", "ACTIVE"]},
    }
    for where in (native, textual):
        request = QueryRequest(model=Item, schema_name="flt", where=where)
        assert _titles(build_queryset(request)) == ["Headphones"]


def test_quick_through_the_pipeline(catalog):
    request = QueryRequest(model=Item, schema_name="flt", quick="lamp")
    assert _titles(build_queryset(request)) == ["Desk lamp"]


def test_apply_where_filters_any_queryset(catalog):
    queryset = Item.objects.filter(is_active=True)
    assert _titles(
        apply_where(queryset, {"vendorRel": {"name": {"eq": "Globex"}}}, schema_name="flt")
    ) == ["Headphones"]
    vendors = apply_where(Vendor.objects.all(), {"itemsCount": {"gte": 1}}, schema_name="flt")
    assert sorted(v.name for v in vendors) == ["Acme", "Globex", "Initech"]


def test_filtering_switched_off_refuses_python_filters(catalog, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"generate_filters": False}}
    with pytest.raises(RailError) as caught:
        build_queryset(QueryRequest(model=Item, schema_name="flt", where={"id": {"eq": 1}}))
    assert caught.value.code == "OPERATION_DISABLED"


def test_where_is_applied_once(catalog, django_assert_num_queries):
    request = QueryRequest(
        model=Item, schema_name="flt", where={"reviewsRel": {"some": {"stars": {"eq": 5}}}}
    )
    sql = str(build_queryset(request).query)
    assert sql.count("EXISTS") == 1
    with django_assert_num_queries(1):
        assert _titles(build_queryset(request)) == sorted(["Phone X", "Phone case"])


def test_filterset_offers_the_where_fields_and_operators(catalog):
    item_filter = filterset_for(Item, "flt")
    names = set(item_filter.base_filters)
    assert {"title", "title__icontains", "price__range", "released__year__gte", "vendor"} <= names
    assert {"weight__gt", "weight__lt", "weight__range"} <= names
    assert "weight" not in names and "secret" not in names and "data" not in names
    assert {"status", "status__in"} <= names and "status__icontains" not in names

    def run(query: str) -> list[str]:
        filterset = item_filter(QueryDict(query), queryset=Item.objects.all())
        assert filterset.is_valid(), filterset.errors
        return _titles(filterset.qs)

    assert run("title__icontains=phone&price__gt=20") == sorted(["Phone X", "Headphones"])
    assert run("released__year=2024") == sorted(["Phone X", "Phone case"])
    assert run("title__neq=Phone X&is_active=true") == sorted(["Headphones", "Phone case"])
    assert run(f"vendor={catalog.acme.pk}") == ["Phone X"]
    assert filterset_for(Item, "flt") is item_filter  # generated once
