"""Fixtures of the reporting tests: the ``rpt`` schema over the ``store`` test app, a permission
backend that scopes orders to their owner, three users and the sample orders."""

from __future__ import annotations

import pytest

from rail_django.contracts.permissions import permission_backend

SCHEMA = "rpt"


@pytest.fixture(autouse=True)
def reporting_schema(settings):
    """``/graphql/rpt/`` exposes the store app only (see reporting_testapp/apps.py)."""
    settings.REPORTING_TESTS_EXPOSE_STORE = True
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {SCHEMA: {"apps": ["store"]}}


@pytest.fixture(autouse=True)
def own_orders_backend():
    from reporting_backend import OwnOrdersBackend

    with permission_backend.swapped(OwnOrdersBackend()):
        yield


@pytest.fixture
def users(db, django_user_model):
    make = django_user_model.objects.create_user
    return {
        "boss": make("boss", "boss@x.test", "pw", is_staff=True),
        "alice": make("alice", "alice@x.test", "pw"),
        "bob": make("bob", "bob@x.test", "pw"),
    }


@pytest.fixture
def orders(users):
    from reporting_data import make_orders

    make_orders(users["alice"], users["bob"])
    return users


@pytest.fixture(autouse=True)
def forget_declared_datasets():
    from rail_django.extensions.reporting import dataset_registry

    before = {d.code for d in dataset_registry.all()}
    yield
    for dataset in dataset_registry.all():
        if dataset.code not in before:
            dataset_registry.remove(dataset.code)
