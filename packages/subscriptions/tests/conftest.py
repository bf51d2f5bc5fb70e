"""Fixtures of the subscriptions tests: the schema ``subs`` over the test app, users, sockets."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def subscriptions_schema(settings):
    """The schema ``subs`` exposes the test app's models; the in-memory layer (the embedded
    default) joins the process's sockets."""
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"subs": {"apps": ["subscriptions_testapp"]}}
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def readers(transactional_db, django_user_model):
    """Two readers with the view permissions (each sees only their own notes) and an admin."""
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(
        content_type__app_label="subscriptions_testapp", codename__startswith="view_"
    )
    alice = django_user_model.objects.create_user("alice", password="pw")
    bob = django_user_model.objects.create_user("bob", password="pw")
    for user in (alice, bob):
        user.user_permissions.set(perms)
    admin = django_user_model.objects.create_superuser("admin", "a@x.test", "pw")
    return {"alice": alice, "bob": bob, "admin": admin}
