"""Each ``performance_settings`` switch of the optimizer is honoured, answers never change, and
permission scoping holds inside every prefetch."""

from __future__ import annotations

import pytest
from core_query_client import user_with
from core_query_counts import counted, make_catalogue, rail_settings

from rail_django.contracts.permissions import DjangoModelPermissionBackend, permission_backend

pytestmark = pytest.mark.django_db

JOINED = "{ products { name category { slug } } }"
PREFETCHED = "{ categories { name products { name } } }"


@pytest.fixture
def admin(django_user_model, settings):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings()
    return user_with(django_user_model, "admin", superuser=True)


def _switch(settings, **performance):
    settings.RAIL_DJANGO_GRAPHQL = rail_settings(performance_settings=performance)


def test_every_switch_changes_the_cost_never_the_answer(admin, settings):
    make_catalogue(categories=3, products_per_category=2)
    joined, sql = counted(JOINED, admin)
    assert len(sql) == 1
    prefetched, sql = counted(PREFETCHED, admin)
    assert len(sql) == 2

    _switch(settings, enable_select_related=False)
    assert counted(JOINED, admin) == (joined, counted(JOINED, admin)[1])
    assert len(counted(JOINED, admin)[1]) == 1 + 6  # each product loads its category
    assert len(counted(PREFETCHED, admin)[1]) == 2

    _switch(settings, enable_prefetch_related=False)
    data, sql = counted(PREFETCHED, admin)
    assert data == prefetched and len(sql) == 1 + 3  # one products query per category
    assert len(counted(JOINED, admin)[1]) == 1

    _switch(settings, enable_query_optimization=False)
    assert counted(JOINED, admin)[0] == joined and len(counted(JOINED, admin)[1]) == 1 + 6
    data, sql = counted(PREFETCHED, admin)
    assert data == prefetched and len(sql) == 1 + 3


def test_only_fields_and_defer_fields(admin, settings):
    make_catalogue(categories=1, products_per_category=2)
    query = "{ products { name } }"

    def selected(statement: str) -> str:
        return statement.split(" FROM ")[0]

    _, (statement,) = counted(query, admin)
    statement = selected(statement)
    assert '"supplier_notes"' not in statement and '"price"' not in statement
    _switch(settings, enable_only_fields=False)
    _, (statement,) = counted(query, admin)
    statement = selected(statement)
    assert '"supplier_notes"' in statement and '"price"' in statement
    _switch(settings, enable_only_fields=False, enable_defer_fields=True)
    _, (statement,) = counted(query, admin)
    statement = selected(statement)
    # Large (text) columns nobody selected are deferred; the rest are loaded.
    assert '"supplier_notes"' not in statement and '"price"' in statement


class PhonesOnly(DjangoModelPermissionBackend):
    """Scopes rows: products and categories of the phones shelf only."""

    def scope_queryset(self, user, queryset, operation="view", **kwargs):
        if queryset.model.__name__ == "Product":
            return queryset.filter(category__slug="cat-0")
        if queryset.model.__name__ == "Category":
            return queryset.filter(slug="cat-0")
        return queryset


@pytest.fixture
def phones_only():
    with permission_backend.swapped(PhonesOnly()):
        yield


def test_scoping_is_applied_inside_prefetches(admin, phones_only):
    make_catalogue(categories=3, products_per_category=2)
    # Tags are not scoped; their products are: the prefetch must not leak other shelves.
    data, sql = counted("{ tags { name products { name } } }", admin)
    assert len(sql) == 2
    for tag in data["tags"]:
        assert {p["name"][:12] for p in tag["products"]} == {"Product 000-"}
    # A foreign key hop to a scoped model is a scoped prefetch, not a join and not N+1.
    data, sql = counted("{ orderItems(limit: 100) { quantity product { name } } }", admin)
    assert len(sql) == 2 and "JOIN" not in sql[0]
    names = [item["product"] and item["product"]["name"][:11] for item in data["orderItems"]]
    assert sorted(names, key=str) == [None, None, None, None, "Product 000", "Product 000"]


def test_scoping_is_constant_in_rows(admin, phones_only):
    make_catalogue(categories=2, products_per_category=5)
    query = "{ orderItems(limit: 100) { product { name category { name } } } }"
    _, small = counted(query, admin)
    make_catalogue(categories=8, products_per_category=5)
    _, large = counted(query, admin)
    # order items; their products (scoped prefetch); those products' categories (scoped)
    assert len(small) == len(large) == 3
