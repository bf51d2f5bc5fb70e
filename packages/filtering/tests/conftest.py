"""Fixtures of the filtering tests: a schema over the test app, a signed-in admin, sample data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def filtering_schema(settings):
    """The schema ``flt`` (served at ``/graphql/flt/``) exposes the test app's models only."""
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"flt": {"apps": ["filtering_testapp"]}}


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@x.test", "pw")
    client.force_login(admin)
    client.user = admin
    return client


@pytest.fixture
def catalog(db):
    # Imported here: this conftest loads before the root conftest puts the tests on sys.path.
    from filtering_sample_data import make_catalog

    return make_catalog()
