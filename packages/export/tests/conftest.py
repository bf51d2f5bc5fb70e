"""Fixtures of the export tests: the ``exp`` schema over the ``exportshop`` test app, the shop's
permission backend, an allow-list, users and sample products."""

from __future__ import annotations

import pytest

from rail_django.contracts.permissions import permission_backend


@pytest.fixture(autouse=True)
def export_schema(settings, tmp_path):
    from export_http import SCHEMA, export_config

    settings.EXPORT_TESTS_EXPOSE_SHOP = True
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {SCHEMA: {"apps": ["exportshop"]}}
    settings.RAIL_DJANGO_EXPORT = export_config()
    settings.STORAGES = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings


@pytest.fixture(autouse=True)
def shop_backend():
    from export_backend import ShopBackend

    with permission_backend.swapped(ShopBackend()):
        yield


@pytest.fixture
def users(db, django_user_model):
    make = django_user_model.objects.create_user
    return {
        "boss": make("boss", "boss@x.test", "pw", is_staff=True),
        "alice": make("alice", "alice@x.test", "pw"),
        "bob": make("bob", "bob@x.test", "pw"),
        "noview": make("noview", "noview@x.test", "pw"),
    }


@pytest.fixture
def shop(users):
    from export_data import make_products
    from export_testapp.models import Category, Supplier, Tag

    books = Category.objects.create(name="Books")
    acme = Supplier.objects.create(name="Acme", country="FR", public=True)
    hidden = Supplier.objects.create(name="Hidden Co", country="DE", public=False)
    sale, new = Tag.objects.create(name="sale"), Tag.objects.create(name="new")
    alice = make_products(users["alice"], 3, category=books, supplier=acme, tags=(sale, new))
    make_products(users["bob"], 2, start=10, category=books, supplier=hidden)
    return {"users": users, "alice_products": alice, "books": books, "hidden": hidden}
