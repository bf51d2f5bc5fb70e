"""Exact SQL counts over HTTP for every relation shape, constant in the number of rows."""

from __future__ import annotations

import pytest
from core_query_client import user_with
from core_query_counts import counted, make_catalogue, rail_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    return user_with(django_user_model, "admin", superuser=True)


FLAT = "{ products(limit: 100) { name price } }"
FOREIGN_KEY = "{ products(limit: 100) { name category { name slug } } }"
REVERSE_FK = "{ categories(limit: 100) { name products { name } } }"
MANY_TO_MANY = "{ products(limit: 100) { name tags { name } } }"
THREE_LEVELS = """{ customers(limit: 100) { name orders { total items { quantity
    product { name category { name } tags { name } } } } } }"""
NESTED_WITH_ARGUMENTS = """{ categories(limit: 100) { name
    products(orderBy: ["-price"], limit: 2) { name price tags(limit: 1) { name } } } }"""

#: Statements per shape (after the session and user lookups of every request).
SHAPES = [
    pytest.param(FLAT, 1, id="flat"),
    pytest.param(FOREIGN_KEY, 1, id="foreign-key-joined"),
    pytest.param(REVERSE_FK, 2, id="reverse-foreign-key"),
    pytest.param(MANY_TO_MANY, 2, id="many-to-many"),
    # customers, orders, items joined to product and category, product tags
    pytest.param(THREE_LEVELS, 4, id="three-levels"),
    pytest.param(NESTED_WITH_ARGUMENTS, 3, id="nested-lists-with-arguments"),
]


@pytest.mark.parametrize(("query", "statements"), SHAPES)
def test_each_shape_costs_the_same_statements_for_10_or_50_rows(admin, query, statements):
    make_catalogue(categories=2, products_per_category=5)
    small, small_sql = counted(query, admin)
    make_catalogue(categories=8, products_per_category=5)
    large, large_sql = counted(query, admin)
    assert len(small_sql) == statements, small_sql
    assert len(large_sql) == statements, large_sql
    assert len(next(iter(large.values()))) > len(next(iter(small.values())))


def test_foreign_key_is_one_joined_statement(admin):
    make_catalogue(categories=3, products_per_category=4)
    data, sql = counted(FOREIGN_KEY, admin)
    assert len(sql) == 1 and "JOIN" in sql[0]
    assert {p["category"]["slug"] for p in data["products"]} == {"cat-0", "cat-1", "cat-2"}
    # only() keeps the selected columns and the join key; unselected columns stay in the table.
    assert "supplier_notes" not in sql[0] and "category_id" in sql[0]


def test_nested_list_arguments_apply_per_parent(admin):
    make_catalogue(categories=3, products_per_category=4)
    data, sql = counted(NESTED_WITH_ARGUMENTS, admin)
    assert len(sql) == 3
    assert "ROW_NUMBER" in sql[1].upper()  # the page window, per parent, in one statement
    for category in data["categories"]:
        assert [p["price"] for p in category["products"]] == ["13.00", "12.00"]
        assert all(len(p["tags"]) == 1 for p in category["products"])


def test_nested_offset_and_ordering(admin):
    make_catalogue(categories=2, products_per_category=4)
    query = '{ categories { products(orderBy: ["price"], offset: 1, limit: 2) { price } } }'
    data, sql = counted(query, admin)
    assert len(sql) == 2
    assert [c["products"] for c in data["categories"]] == [
        [{"price": "11.00"}, {"price": "12.00"}]
    ] * 2


def test_three_levels_deep_data_is_complete(admin):
    make_catalogue(categories=3, products_per_category=4)
    data, sql = counted(THREE_LEVELS, admin)
    assert len(sql) == 4
    for customer in data["customers"]:
        (order,) = customer["orders"]
        assert len(order["items"]) == 2
        for item in order["items"]:
            assert item["product"]["category"]["name"].startswith("Category")
            assert len(item["product"]["tags"]) == 3


def test_retrieve_field_is_optimised_too(admin):
    from core_testapp.models import Product

    make_catalogue(categories=1, products_per_category=3)
    product = Product.objects.first()
    data, sql = counted(
        """query($id: ID!) { product(id: $id) { name category { name products { name } }
            tags { name } } }""",
        admin,
        variables={"id": str(product.pk)},
    )
    # the product joined to its category, the category's products, the product's tags
    assert len(sql) == 3
    assert len(data["product"]["category"]["products"]) == 3
