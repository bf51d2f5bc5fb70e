"""XLSX export over HTTP, opened with openpyxl: titles, typed cells, widths, escaping."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from export_http import body_of, post, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db


def payload(**changes):
    base = {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "xlsx",
        "fields": [
            "name",
            {"accessor": "price", "title": "Unit Price"},
            "stock",
            "weight",
            "is_active",
            "released",
            "updated_at",
            "category.name",
            "tags.name",
        ],
        "ordering": ["sku"],
    }
    base.update(changes)
    return base


def test_xlsx_cells_are_typed_and_titled(shop):
    response = post(shop["users"]["alice"], payload())
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="product_export.xlsx"'
    rows = xlsx_rows(body_of(response))
    assert rows[0] == [
        "Product name",
        "Unit Price",
        "Stock",
        "Weight",
        "Is active",
        "Released",
        "Updated at",
        "Category / Name",
        "Tags / Name",
    ]
    assert len(rows) == 4
    name, price, stock, weight, active, released, updated, category, tags = rows[2]
    assert name == "Product 1"
    assert price == pytest.approx(11.5) and isinstance(price, float | int | decimal.Decimal)
    assert stock == 1 and isinstance(stock, int)
    assert weight == pytest.approx(0.25)
    assert active is False
    assert released == dt.datetime(2024, 1, 2)  # a date cell (openpyxl reads it as datetime)
    assert updated == dt.datetime(2024, 5, 1, 12, 30)
    assert category == "Books"
    assert tags == "sale; new"


def test_xlsx_header_is_bold_and_columns_have_widths(shop):
    sheet = xlsx_sheet(body_of(post(shop["users"]["alice"], payload())))
    assert sheet["A1"].font.b is True
    assert sheet.column_dimensions["A"].width >= len("Product name")
    assert sheet.column_dimensions["B"].width >= len("Unit Price")
    assert sheet["F2"].is_date


def test_formula_text_is_neutralised_in_xlsx_and_csv(shop):
    from export_testapp.models import Product

    evil = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tTab", "\rCR", "plain"]
    product = shop["alice_products"][0]
    for index, text in enumerate(evil):
        Product.objects.filter(pk=product.pk).update(name=text, sku=f"Z{index}")
        xlsx = xlsx_rows(body_of(post(shop["users"]["alice"], payload(fields=["name", "stock"]))))
        expected = text if text == "plain" else "'" + text
        assert [r[0] for r in xlsx[1:]].count(expected) == 1, text
        from export_http import csv_rows

        csv = csv_rows(post(shop["users"]["alice"], payload(fields=["name"], file_extension="csv")))
        assert [r[0] for r in csv[1:]].count(expected) == 1, text
    # numbers stay numbers, even negative ones
    Product.objects.filter(pk=product.pk).update(stock=-5)
    xlsx = xlsx_rows(body_of(post(shop["users"]["alice"], payload(fields=["sku", "stock"]))))
    assert [r[1] for r in xlsx if r[0] == "Z6"] == [-5]
