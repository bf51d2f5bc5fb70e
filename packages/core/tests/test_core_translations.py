"""The request's language decides the language of core's messages; codes never change.

Django's ``LocaleMiddleware`` reads ``Accept-Language``; without it the project's
``LANGUAGE_CODE`` applies. Each kind of message is asked for over HTTP in French and in English.
"""

from __future__ import annotations

import pytest
from core_query_client import user_with
from django.test import Client
from django.utils import translation

from rail_django.testing import GraphQLTestClient

pytestmark = pytest.mark.django_db

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread: later tests must
    start from LANGUAGE_CODE again."""
    yield
    translation.deactivate()


@pytest.fixture
def localized(settings):
    """The project serves several languages: LocaleMiddleware after the session middleware."""
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, LOCALE_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    return settings


@pytest.fixture
def admin(django_user_model):
    return user_with(django_user_model, "admin", superuser=True)


def _page_error(language: str | None, admin) -> dict:
    headers = {"Accept-Language": language} if language else {}
    response = GraphQLTestClient(user=admin).execute(
        "{ tags(offset: -1) { name } }", headers=headers
    )
    assert response.status_code == 200
    assert response.error_codes == ["RAIL_GQL_INVALID_PAGINATION"]
    return response.errors[0]


def test_a_graphql_error_follows_accept_language(localized, admin):
    error = _page_error("fr", admin)
    assert error["message"] == "offset doit valoir 0 ou plus (reçu -1)."
    assert error["extensions"]["code"] == "RAIL_GQL_INVALID_PAGINATION"


def test_english_stays_the_default_and_is_served_to_english_clients(localized, admin):
    assert _page_error(None, admin)["message"] == "offset must be 0 or more (got -1)."
    assert _page_error("en-GB,en;q=0.9", admin)["message"] == ("offset must be 0 or more (got -1).")


def test_without_locale_middleware_language_code_decides(settings, admin):
    settings.LANGUAGE_CODE = "fr"
    assert _page_error(None, admin)["message"] == ("offset doit valoir 0 ou plus (reçu -1).")


def test_a_rest_error_body_follows_accept_language(localized):
    response = Client().get("/metrics/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 404
    error = response.json()["errors"][0]
    assert error["message"] == "Les métriques ne sont pas activées."
    assert error["extensions"]["code"] == "RAIL_GQL_NOT_FOUND"
