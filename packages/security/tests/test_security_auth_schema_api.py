"""Core's schema management API (``/api/v1/``) with security's JWT: the bearer header, and
cookie mode with its CSRF token on unsafe methods."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import Client
from security_auth_client import PASSWORD, login, post

pytestmark = pytest.mark.django_db

REBUILD = "/api/v1/schemas/gql/rebuild/"
LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token }
}
"""


@pytest.fixture(autouse=True)
def _fresh():
    from rail_django.security.auth import verified_tokens

    cache.clear()
    verified_tokens.clear()


@pytest.fixture
def ops(django_user_model):
    user = django_user_model.objects.create_user("ops", "ops@x.test", PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="rail_django", codename="manage_schema")
    )
    return user


def _code(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def test_a_bearer_token_with_the_permission_manages_schemas(ops):
    token = login(Client(), "ops")["token"]
    client = Client(enforce_csrf_checks=True)  # a header token needs no CSRF token
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/schemas/", headers=bearer).status_code == 200
    rebuilt = client.post(REBUILD, headers=bearer)
    assert rebuilt.status_code == 200 and rebuilt.json()["name"] == "gql"


def test_a_bearer_token_without_the_permission_is_403(django_user_model):
    django_user_model.objects.create_user("clerk", "clerk@x.test", PASSWORD)
    token = login(Client(), "clerk")["token"]
    response = Client().get("/api/v1/", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and _code(response) == "RAIL_GQL_PERMISSION_DENIED"


def test_a_forged_token_is_401_with_its_reason():
    response = Client().get("/api/v1/schemas/", headers={"Authorization": "Bearer forged"})
    assert response.status_code == 401 and _code(response) == "RAIL_GQL_UNAUTHENTICATED"
    assert response.json()["errors"][0]["extensions"]["reason"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_cookie_mode_needs_the_csrf_token_on_a_rebuild(ops, settings):
    settings.JWT_ALLOW_COOKIE_AUTH = True
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, LOGIN, {"username": "ops", "password": PASSWORD}).status_code == 200
    assert browser.get("/api/v1/schemas/").status_code == 200  # safe methods need no token
    refused = browser.post(REBUILD)
    assert refused.status_code == 403 and _code(refused) == "RAIL_GQL_PERMISSION_DENIED"
    assert refused.json()["errors"][0]["extensions"]["reason"] == "csrf"
    accepted = browser.post(REBUILD, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert accepted.status_code == 200
