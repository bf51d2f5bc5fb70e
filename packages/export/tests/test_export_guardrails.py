"""Guardrails and bad input: precise 400s with codes, row caps, rate limits, constant SQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from export_http import csv_rows, error_code, error_message, export_config, post

pytestmark = pytest.mark.django_db


def payload(**changes):
    base = {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "csv",
        "fields": ["sku"],
        "ordering": ["sku"],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"fields": ["sku", "nope"]}, "INVALID_EXPORT_FIELD", "no exported field 'nope'"),
        ({"fields": ["category.nope"]}, "INVALID_EXPORT_FIELD", "Category has no exported field"),
        ({"fields": ["sku.name"]}, "INVALID_EXPORT_FIELD", "'sku' is not a relation"),
        ({"fields": ["tags.products.name"]}, "INVALID_EXPORT_FIELD", "more than one to-many"),
        ({"fields": []}, "INVALID_ARGUMENT", "fields must be a non-empty list"),
        ({"fields": [{"accessor": "sku", "width": 3}]}, "INVALID_ARGUMENT", "unknown key 'width'"),
        ({"fields": [42]}, "INVALID_ARGUMENT", "fields[0]"),
        ({"file_extension": "pdf"}, "UNSUPPORTED_EXPORT_FORMAT", "csv, xlsx"),
        ({"max_rows": 0}, "INVALID_ARGUMENT", "positive integer"),
        ({"max_rows": 10**9}, "TOO_MANY_ROWS", "at most"),
        ({"colour": "red"}, "INVALID_ARGUMENT", "Unknown key 'colour'"),
        ({"variables": {"nope": 1}}, "INVALID_FILTER", "nope"),
        ({"variables": "x"}, "INVALID_FILTER", "variables must be an object"),
        ({"ordering": ["nope"]}, "INVALID_ORDERING", "nope"),
        ({"ordering": [1]}, "INVALID_ORDERING", "ordering"),
        ({"app_name": 3}, "INVALID_ARGUMENT", "app_name"),
        ({"template": "nope"}, "NOT_FOUND", "No export template named 'nope'"),
    ],
)
def test_bad_input_is_a_400_with_a_precise_code(shop, changes, code, words):
    response = post(shop["users"]["alice"], payload(**changes))
    assert response.status_code == 400, response.content
    assert error_code(response) == f"RAIL_GQL_{code}"
    assert words in error_message(response)


def test_bad_json_is_a_400(shop):
    response = post(shop["users"]["alice"], "{not json")
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_BAD_REQUEST"
    assert error_code(post(shop["users"]["alice"], "[1]")) == "RAIL_GQL_BAD_REQUEST"


def test_get_is_refused_with_405(shop, client):
    client.force_login(shop["users"]["alice"])
    response = client.get("/api/v1/export/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_limits_on_fields_filter_depth_and_ordering_keys(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(
        max_fields=2, max_filter_depth=2, max_ordering_keys=1
    )
    alice = shop["users"]["alice"]
    too_many = post(alice, payload(fields=["sku", "name", "stock"]))
    assert error_code(too_many) == "RAIL_GQL_INVALID_ARGUMENT"
    assert "At most 2 fields" in error_message(too_many)
    deep = post(alice, payload(variables={"categoryRel": {"name": {"eq": "Books"}}}))
    assert error_code(deep) == "RAIL_GQL_INVALID_FILTER"
    ordering = post(alice, payload(ordering=["sku", "name"]))
    assert error_code(ordering) == "RAIL_GQL_INVALID_ORDERING"


def test_variables_filter_like_the_where_input_and_the_simple_form(shop):
    alice = shop["users"]["alice"]
    simple = post(alice, payload(variables={"isActive": True}))
    assert csv_rows(simple)[1:] == [["SKU-0000"], ["SKU-0002"]]
    where = post(alice, payload(variables={"stock": {"gte": 1}, "isActive": {"eq": False}}))
    assert csv_rows(where)[1:] == [["SKU-0001"]]
    descending = post(alice, payload(ordering=["-sku"]))
    assert csv_rows(descending)[1:] == [["SKU-0002"], ["SKU-0001"], ["SKU-0000"]]


def test_max_rows_truncates_and_says_so(shop, settings):
    alice = shop["users"]["alice"]
    response = post(alice, payload(max_rows=2))
    assert csv_rows(response)[1:] == [["SKU-0000"], ["SKU-0001"]]
    assert response["X-Export-Truncated"] == "true"
    assert post(alice, payload(max_rows=3))["X-Export-Truncated"] == "false"
    settings.RAIL_DJANGO_EXPORT = export_config(max_rows=1)
    capped = post(alice, payload())
    assert csv_rows(capped)[1:] == [["SKU-0000"]]
    assert error_code(post(alice, payload(max_rows=2))) == "RAIL_GQL_TOO_MANY_ROWS"


def test_export_max_rows_environment_variable_sets_the_default(monkeypatch):
    from rail_django.extensions.exporting.export_settings import export_section

    monkeypatch.setenv("EXPORT_MAX_ROWS", "1234")
    monkeypatch.setenv("EXPORT_STREAM_CSV", "false")
    section = export_section()
    assert section.defaults["max_rows"] == 1234
    assert section.defaults["stream_csv"] is False


def test_csv_is_sent_whole_when_streaming_is_off(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(stream_csv=False)
    response = post(shop["users"]["alice"], payload())
    assert not response.streaming
    assert csv_rows(response)[1:] == [["SKU-0000"], ["SKU-0001"], ["SKU-0002"]]


def test_exports_are_rate_limited_per_user(shop, settings):
    settings.RAIL_DJANGO_EXPORT = export_config(rate_limit_requests=2)
    alice, bob = shop["users"]["alice"], shop["users"]["bob"]
    assert post(alice, payload()).status_code == 200
    assert post(alice, payload()).status_code == 200
    refused = post(alice, payload())
    assert refused.status_code == 429
    assert error_code(refused) == "RAIL_GQL_RATE_LIMITED"
    assert "Retry-After" in refused
    assert post(bob, payload()).status_code == 200


def _count_queries(user, fields, **changes):
    from django.test import Client

    client = Client()
    client.force_login(user)
    import json

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/export/", json.dumps(payload(fields=fields, **changes)), "application/json"
        )
        rows = csv_rows(response)
    return len(queries), rows


def test_sql_count_is_constant_in_rows(users):
    from export_data import make_products
    from export_testapp.models import Category, Supplier, Tag

    books = Category.objects.create(name="Books")
    acme = Supplier.objects.create(name="Acme", country="FR")
    tags = (Tag.objects.create(name="a"), Tag.objects.create(name="b"))
    fields = [
        "sku",
        "category.name",
        "supplier.name",
        "supplier.country",
        "tags.name",
        "reviews.text",
    ]
    alice = users["alice"]
    make_products(alice, 3, category=books, supplier=acme, tags=tags)
    few, rows_few = _count_queries(alice, fields)
    make_products(alice, 37, start=100, category=books, supplier=acme, tags=tags)
    many, rows_many = _count_queries(alice, fields)
    assert len(rows_few) == 4 and len(rows_many) == 41
    assert rows_many[1][1:] == ["Books", "Acme", "FR", "a; b", "ok SKU-0000"]
    assert few == many
