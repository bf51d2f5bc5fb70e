"""Sign-in messages follow the request's language (Accept-Language with LocaleMiddleware, else
LANGUAGE_CODE); error codes never change."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from security_auth_client import REFRESH, answer, codes, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in this thread: later tests must
    start from LANGUAGE_CODE again."""
    yield
    translation.deactivate()


@pytest.fixture
def localized(settings):
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, "django.middleware.locale.LocaleMiddleware")
    settings.MIDDLEWARE = middleware
    return settings


def test_a_refresh_without_token_is_refused_in_french(localized):
    data = answer(post(Client(), REFRESH, {}, HTTP_ACCEPT_LANGUAGE="fr"))
    assert codes(data) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert data["errors"][0]["message"] == "Un jeton de rafraîchissement est requis"


def test_english_by_default(localized):
    data = answer(post(Client(), REFRESH, {}))
    assert data["errors"][0]["message"] == "A refresh token is required"


def test_language_code_decides_without_the_middleware(settings):
    settings.LANGUAGE_CODE = "fr"
    data = answer(post(Client(), REFRESH, {}))
    assert codes(data) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert data["errors"][0]["message"] == "Un jeton de rafraîchissement est requis"


def test_a_refused_token_is_explained_in_french_with_its_code(localized):
    response = post(Client(), "{ me { username } }", token="not-a-jwt", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert data["errors"][0]["message"] == "Jeton invalide"
    assert data["errors"][0]["extensions"]["reason"] == "malformed"
