"""The example's management commands, run for real: check, migrate, load_demo_data."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

COUNTS = """
from django.contrib.auth import get_user_model
from apps.store.models import Category, Customer, Order, OrderItem, Product, Tag

viewer = get_user_model().objects.filter(username="viewer").first()
report({
    "categories": Category.objects.count(),
    "products": Product.objects.count(),
    "tags": Tag.objects.count(),
    "product_tags": Product.tags.through.objects.count(),
    "customers": Customer.objects.count(),
    "orders": Order.objects.count(),
    "order_items": OrderItem.objects.count(),
    "prices": [str(p) for p in Product.objects.order_by("sku").values_list("price", flat=True)],
    "users": sorted(
        (u.username, u.is_superuser, u.is_staff) for u in get_user_model().objects.all()
    ),
    "viewer_permissions": sorted(viewer.get_all_permissions()) if viewer else None,
})
"""


def test_check_reports_no_issues(demo_project):
    result = demo_project.manage("check")
    assert "System check identified no issues" in result.stdout


def test_committed_migrations_match_the_models(demo_project):
    demo_project.manage("makemigrations", "--check", "--dry-run", "store")


def test_manage_py_runs_from_any_directory(demo_project, tmp_path):
    result = demo_project.manage("showmigrations", "store", cwd=tmp_path)
    assert "[X] 0001_initial" in result.stdout


def test_load_demo_data_is_deterministic_and_idempotent(demo_project):
    first = demo_project.run(COUNTS)
    output = demo_project.manage("load_demo_data").stdout
    second = demo_project.run(COUNTS)

    assert "50 products" in output
    assert second == first
    assert first["categories"] == 5
    assert first["products"] == 50
    assert first["tags"] == 8
    assert first["customers"] == 20
    assert first["orders"] == 40
    assert first["order_items"] >= first["orders"]
    assert first["product_tags"] > 0
    assert first["users"] == [["admin", True, True], ["viewer", False, True]]
    assert first["viewer_permissions"] == [
        "store.view_category",
        "store.view_customer",
        "store.view_order",
        "store.view_orderitem",
        "store.view_product",
        "store.view_tag",
    ]


def test_demo_data_is_the_same_on_a_fresh_database(demo_project, fresh_project):
    fresh_project.manage("migrate", "--noinput")
    fresh_project.manage("load_demo_data")
    assert fresh_project.run(COUNTS)["prices"] == demo_project.run(COUNTS)["prices"]


def test_demo_users_have_their_passwords(demo_project):
    logins = demo_project.run(
        "from django.contrib.auth import authenticate\n"
        "report({name: authenticate(username=name, password=name) is not None\n"
        "        for name in ('admin', 'viewer')})\n"
    )
    assert logins == {"admin": True, "viewer": True}


def test_demo_passwords_come_from_the_environment(fresh_project):
    fresh_project.manage("migrate", "--noinput")
    fresh_project.manage("load_demo_data", DEMO_ADMIN_PASSWORD="s3cret-admin")
    logins = fresh_project.run(
        "from django.contrib.auth import authenticate\n"
        "report([authenticate(username='admin', password=p) is not None\n"
        "        for p in ('admin', 's3cret-admin')])\n"
    )
    assert logins == [False, True]


# --- DATABASE_URL ------------------------------------------------------------------------------


def _database_module():
    path = Path(__file__).resolve().parent.parent / "root" / "settings" / "database.py"
    spec = importlib.util.spec_from_file_location("example_store_database_settings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


database_from_url = _database_module().database_from_url
BASE = Path("/srv/store")


def test_sqlite_url_paths_are_relative_to_the_project():
    assert database_from_url("sqlite:///db.sqlite3", BASE) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE / "db.sqlite3",
    }
    assert database_from_url("sqlite:////var/data/x.sqlite3", BASE)["NAME"] == Path(
        "/var/data/x.sqlite3"
    )
    assert database_from_url("sqlite://:memory:", BASE)["NAME"] == ":memory:"


def test_postgres_url_becomes_connection_settings():
    config = database_from_url(
        "postgres://shop%40corp:p%3Ass%2Fw@db.internal:6543/store?sslmode=require&conn_max_age=60",
        BASE,
    )
    assert config == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "store",
        "USER": "shop@corp",
        "PASSWORD": "p:ss/w",
        "HOST": "db.internal",
        "PORT": "6543",
        "CONN_MAX_AGE": 60,
        "OPTIONS": {"sslmode": "require"},
    }
    assert database_from_url("postgresql://localhost/store", BASE)["PORT"] == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/store", "not supported"),
        ("postgres://localhost", "must name a database"),
        ("sqlite://host/db.sqlite3", "names a host"),
        ("postgres://localhost/store?conn_max_age=soon", "conn_max_age"),
    ],
)
def test_bad_database_urls_are_configuration_errors(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url, BASE)


def test_an_unsupported_database_url_stops_manage_py(fresh_project):
    result = fresh_project.manage("check", database_url="mysql://root@localhost/store", check=False)
    assert result.returncode != 0
    assert "DATABASE_URL scheme 'mysql' is not supported" in result.stderr


def test_the_example_runs_on_the_database_of_this_test_run(demo_project):
    vendor = demo_project.run("from django.db import connection\nreport(connection.vendor)\n")
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}
    assert vendor == expected[os.environ.get("RAIL_TEST_DATABASE", "sqlite")]
