"""Export headers and errors follow the request's language (``Accept-Language``).

A header built from a model field's ``verbose_name`` is the verbose name in the language of the
request that asks for the file; error codes never change with the language.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation
from export_http import URL, client_for, csv_rows, error_code

pytestmark = pytest.mark.django_db

LOCALE_MIDDLEWARE = "django.middleware.locale.LocaleMiddleware"


@pytest.fixture(autouse=True)
def localized(settings):
    """LocaleMiddleware after the session middleware, English and French served."""
    middleware = list(settings.MIDDLEWARE)
    after_sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    middleware.insert(after_sessions, LOCALE_MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    yield settings
    translation.deactivate()  # the middleware leaves the request's language active


def _post(user, payload, language):
    body = json.dumps(payload)
    return client_for(user).post(
        URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def _payload(**changes):
    base = {
        "app_name": "exportshop",
        "model_name": "Product",
        "file_extension": "csv",
        "fields": ["category.name", "sku"],
        "ordering": ["sku"],
    }
    base.update(changes)
    return base


def test_a_verbose_name_header_is_in_the_requests_language(shop):
    alice = shop["users"]["alice"]
    french = csv_rows(_post(alice, _payload(), "fr"))
    english = csv_rows(_post(alice, _payload(), "en"))
    assert french[0] == ["Category / Nom", "Sku"]
    assert english[0] == ["Category / Name", "Sku"]
    assert french[1:] == english[1:]


def test_an_export_error_is_in_the_requests_language(shop):
    response = _post(shop["users"]["alice"], _payload(fields=["secret"]), "fr")
    assert response.status_code == 400
    assert error_code(response) == "RAIL_GQL_INVALID_EXPORT_FIELD"
    assert response.json()["errors"][0]["message"] == (
        "'secret' : Product n'a aucun champ exporté 'secret'."
    )


def test_a_settings_problem_is_reported_in_the_active_language(settings):
    from rail_django.contracts.settings_registry import settings_registry

    settings.RAIL_DJANGO_EXPORT = {"max_rows": 0}
    with translation.override("fr"):
        messages = [problem.msg for problem in settings_registry.check()]
    assert any("max_rows doit être supérieur à 0 (reçu 0)" in m for m in messages), messages


def test_anonymous_client_reads_french(localized):
    response = Client().post(
        URL, json.dumps(_payload()), content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "Authentification requise."
