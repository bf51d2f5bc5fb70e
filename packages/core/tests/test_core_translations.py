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


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_the_graphiql_page_follows_accept_language(localized):
    localized.DEBUG = True  # GraphiQL is served (development posture)
    french = Client().get("/graphql/", HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 200
    html = french.content.decode()
    assert '<html lang="fr">' in html
    assert "Chargement de GraphiQL…" in html
    english = Client().get("/graphql/", HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE="en")
    assert "Loading GraphiQL…" in english.content.decode()


def test_a_request_problem_follows_accept_language(localized):
    response = Client().post(
        "/graphql/", "{ tags { name } }", content_type="text/plain", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 415
    error = response.json()["errors"][0]
    assert error["message"] == (
        "Content-Type 'text/plain' non pris en charge : envoyez la requête en application/json."
    )
    assert error["extensions"]["code"] == "RAIL_GQL_UNSUPPORTED_MEDIA_TYPE"


def test_an_ordering_error_follows_accept_language(localized, admin):
    response = GraphQLTestClient(user=admin).execute(
        '{ tags(orderBy: ["nope"]) { name } }', headers={"Accept-Language": "fr"}
    )
    assert response.error_codes == ["RAIL_GQL_INVALID_ORDERING"]
    assert response.errors[0]["message"].startswith("Impossible de trier ")


def test_a_counted_limit_agrees_with_its_number(localized, admin, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"max_page_size": 1}}
    response = GraphQLTestClient(user=admin).execute(
        "{ tags(limit: 5) { name } }", headers={"Accept-Language": "fr"}
    )
    assert response.errors[0]["message"] == "Une page contient au plus 1 ligne (demandé : 5)."


def test_system_checks_are_written_in_the_active_language(settings):
    from rail_django.contracts.settings_registry import settings_registry

    settings.RAIL_DJANGO_GRAPHQL = {"query_settings": {"max_page_size": "ten", "max_page_sise": 5}}
    with translation.override("fr"):
        messages = [(p.id, p.msg, p.hint) for p in settings_registry.check()]
    assert (
        "rail_django.E004",
        "RAIL_DJANGO_GRAPHQL['query_settings']['max_page_size'] doit être int, pas str ('ten')",
        None,
    ) in messages
    assert (
        "rail_django.E003",
        "RAIL_DJANGO_GRAPHQL['query_settings'] : clé inconnue 'max_page_sise'",
        "Vouliez-vous dire 'max_page_size' ?",
    ) in messages
