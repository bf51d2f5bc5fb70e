"""orderBy: fields, related paths, camelCase, allowed lists, defaults, properties, errors."""

from __future__ import annotations

import pytest
from core_query_client import codes, ok, run, user_with
from core_store_data import make_store
from core_testapp.models import Coupon, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def order(admin, field, arguments, key="name"):
    call = f"{field}({arguments})" if arguments else field
    data = ok(run(f"{{ {call} {{ {key} }} }}", user=admin))
    return [row[key] for row in data[field]]


def test_order_by_fields_and_directions(admin):
    make_store()
    assert order(admin, "products", 'orderBy: ["name"]') == ["Atlas", "Moby Dick", "Nokia", "Pixel"]
    assert order(admin, "products", 'orderBy: ["-price"]') == [
        "Pixel",
        "Nokia",
        "Atlas",
        "Moby Dick",
    ]
    assert order(admin, "products", 'orderBy: ["createdAt"]') == [
        "Pixel",
        "Atlas",
        "Moby Dick",
        "Nokia",
    ]


def test_order_by_related_paths(admin):
    make_store()
    # category__name then -price: Books (Atlas 25.50, Moby Dick 12.00), Phones (Pixel, Nokia).
    result = order(admin, "products", 'orderBy: ["category__name", "-price"]')
    assert result == ["Atlas", "Moby Dick", "Pixel", "Nokia"]
    assert order(admin, "orderItems", 'orderBy: ["product__name"]', "quantity") == [2, 1]
    assert order(admin, "orderItems", 'orderBy: ["-product__name"]', "quantity") == [1, 2]
    assert order(admin, "orderItems", 'orderBy: ["order__customer__name", "id"]', "quantity") == [
        1,
        2,
    ]


def test_unknown_and_refused_orderings(admin):
    make_store()
    cases = {
        '["nope"]': "unknown field 'nope'",
        '["costPrice"]': "unknown field 'costPrice'",  # excluded by GraphQLMeta
        '["sku"]': "accepted orderings: category__name, created_at, name, name_length, price",
        '["tags__name"]': "holds many rows",
        '["name__x"]': "is not a relation",
        '["-"]': "Invalid ordering entry",
        '["?"]': "unknown field '?'",
    }
    for argument, message in cases.items():
        answer = run(f"{{ products(orderBy: {argument}) {{ name }} }}", user=admin)
        assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"], argument
        assert message in answer["errors"][0]["message"], answer
    answer = run('{ orders(orderBy: ["customer__salary__x"]) { id } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"]


def test_orm_injection_paths_never_reach_the_orm(admin):
    make_store()
    for argument in (
        '["category__products__cost_price"]',
        '["password"]',
        '["customer__user__password"]',
    ):
        answer = run(f"{{ orders(orderBy: {argument}) {{ id }} }}", user=admin)
        assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"], argument


def test_default_orderings_and_pk_tiebreak(admin):
    make_store()
    # Category: code says -name, meta.yaml says name: code wins.
    assert order(admin, "categories", "") == ["Phones", "Books"]
    # Tag: ordering from meta.yaml.
    assert order(admin, "tags", "") == ["new", "sale"]
    # No ordering anywhere: primary key order, stable across pages.
    for code in ("b", "a", "c"):
        Coupon.objects.create(code=code, percent=5)
    assert order(admin, "coupons", "", "code") == ["a", "b", "c"]
    # Equal sort keys: the pk tiebreak makes pages disjoint and complete.
    pages = [
        order(admin, "coupons", f'orderBy: ["percent"], offset: {o}, limit: 1', "code")
        for o in range(3)
    ]
    assert pages == [["a"], ["b"], ["c"]]
    pages = [
        order(admin, "coupons", f'orderBy: ["-percent"], offset: {o}, limit: 2', "code")
        for o in (0, 2)
    ]
    assert pages == [["a", "b"], ["c"]]


def test_ordering_by_a_property_is_capped(admin, settings):
    make_store()
    result = order(admin, "products", 'orderBy: ["-name_length", "name"]')
    assert result == ["Moby Dick", "Atlas", "Nokia", "Pixel"]
    page = order(admin, "products", 'orderBy: ["name_length", "name"], offset: 1, limit: 2')
    assert page == ["Nokia", "Pixel"]
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"max_property_ordering_results": 3}}
    answer = run('{ products(orderBy: ["name_length"]) { name } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"]
    assert "at most 3 rows" in answer["errors"][0]["message"]


def test_properties_need_to_be_allowed(admin):
    make_store()
    answer = run('{ customers(orderBy: ["pk"]) { name } }', user=admin)
    assert ok(answer)
    assert Product.name_length  # a property exists on Product only
    answer = run('{ tags(orderBy: ["pk"]) { name } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_INVALID_ORDERING"]  # Tag's allowed list is [name]


def test_ordering_switches(admin, settings):
    make_store()
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"generate_ordering": False}}
    answer = run('{ products(orderBy: ["name"]) { name } }', user=admin)
    assert "Unknown argument 'orderBy'" in answer["errors"][0]["message"]
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"enable_ordering": False}}
    answer = run('{ products(orderBy: ["name"]) { name } }', user=admin)
    assert codes(answer) == ["RAIL_GQL_OPERATION_DISABLED"]
    # No default ordering from GraphQLMeta: primary key order.
    assert order(admin, "products", "") == ["Pixel", "Atlas", "Moby Dick", "Nokia"]
