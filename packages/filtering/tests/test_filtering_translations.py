"""A refused filter is explained in the request's language (Accept-Language); codes stay."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation
from filtering_graphql import SCHEMA

from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db

QUERY = "query($where: ItemWhereInput) { items(where: $where) { id } }"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread: later tests must
    start from LANGUAGE_CODE again."""
    yield
    translation.deactivate()


@pytest.fixture
def clerk_client(client, catalog, django_user_model, settings):
    """A user who may view items but not vendors, on a project with LocaleMiddleware."""
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    user = django_user_model.objects.create_user("clerk", "c@x.test", "pw")
    user.user_permissions.add(Permission.objects.get(codename="view_item"))
    client.force_login(user)
    return client


def _refusal(client, language: str) -> dict:
    response = GraphQLTestClient(client, schema=SCHEMA).execute(
        QUERY,
        {"where": {"vendorRel": {"name": {"eq": "Acme"}}}},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    assert response.error_codes == ["RAIL_GQL_PERMISSION_DENIED"]
    return response.errors[0]


def test_a_refused_filter_is_explained_in_french(clerk_client):
    message = _refusal(clerk_client, "fr-FR,fr;q=0.9")["message"]
    assert message.startswith("Vous ne pouvez pas filtrer sur where.vendorRel : ")
    assert "vous ne pouvez pas voir" in message


def test_and_in_english_for_an_english_client(clerk_client):
    message = _refusal(clerk_client, "en")["message"]
    assert message.startswith("You may not filter on where.vendorRel: you cannot view ")
