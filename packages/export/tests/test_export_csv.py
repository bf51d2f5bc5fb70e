"""CSV export over HTTP: the rows the user may list, typed text, escaped formulas, streamed."""

from __future__ import annotations

import pytest
from export_http import csv_rows, error_code, post

pytestmark = pytest.mark.django_db

FIELDS = [
    "name",
    "sku",
    {"accessor": "price", "title": "Unit Price"},
    "stock",
    "is_active",
    "released",
    "updated_at",
    "category.name",
    "supplier.name",
    "tags.name",
    "reviews.text",
]


def payload(**changes):
    base = {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "csv",
        "fields": FIELDS,
        "ordering": ["sku"],
    }
    base.update(changes)
    return base


def test_csv_holds_the_users_rows_with_titles_and_values(shop):
    response = post(shop["users"]["alice"], payload())
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="product_export.csv"'
    rows = csv_rows(response)
    assert rows[0] == [
        "Product name",
        "Sku",
        "Unit Price",
        "Stock",
        "Is active",
        "Released",
        "Updated at",
        "Category / Name",
        "Supplier / Name",
        "Tags / Name",
        "Reviews / Text",
    ]
    assert len(rows) == 4  # alice owns 3 products; bob's are out of her scope
    assert rows[1] == [
        "Product 0",
        "SKU-0000",
        "10.50",
        "0",
        "true",
        "2024-01-01",
        "2024-05-01T12:30:00+00:00",
        "Books",
        "Acme",
        "sale; new",
        "ok SKU-0000",
    ]
    assert response["X-Export-Rows"] == "3"


def test_staff_see_every_row_and_a_private_supplier_is_empty_for_others(shop):
    boss = post(shop["users"]["boss"], payload(fields=["sku", "supplier.name"]))
    assert [r for r in csv_rows(boss)[1:]] == [
        ["SKU-0000", "Acme"],
        ["SKU-0001", "Acme"],
        ["SKU-0002", "Acme"],
        ["SKU-0010", "Hidden Co"],
        ["SKU-0011", "Hidden Co"],
    ]
    bob = post(shop["users"]["bob"], payload(fields=["sku", "supplier.name"]))
    assert csv_rows(bob)[1:] == [["SKU-0010", ""], ["SKU-0011", ""]]


def test_unknown_model_is_a_400_with_a_code(shop):
    response = post(shop["users"]["alice"], payload(model_name="Nope"))
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_NOT_FOUND"
