"""Template titles and templating errors follow the request's language (``Accept-Language``).

A title given as ``gettext_lazy`` is rendered when the catalog or the PDF is served, so it is in
the language of that request; the test app translates its "Invoice" title in its own catalogue.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from templating_http import error_code, open_pdf, pdf_url

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


def _catalog_title(client, language):
    response = client.get("/api/templates/catalog/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    entry = next(e for e in response.json()["templates"] if e["key"].endswith("download_invoice"))
    return entry["title"]


def test_a_lazy_catalog_title_is_in_the_requests_language(client, users):
    client.force_login(users["carol"])
    assert _catalog_title(client, "fr") == "Facture"
    assert _catalog_title(client, "en") == "Invoice"


def test_the_pdf_title_is_in_the_requests_language(client, invoices, users):
    client.force_login(users["alice"])
    response = client.get(pdf_url(invoices["alice"]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200, response.content[:300]
    assert open_pdf(response).metadata.title == "Facture"


def test_a_templating_error_is_in_the_requests_language(client):
    response = client.get("/api/templates/catalog/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 401
    assert error_code(response) == "RAIL_GQL_UNAUTHENTICATED"
    assert response.json()["errors"][0]["message"] == "Authentification requise."


def test_a_settings_problem_is_reported_in_the_active_language(settings):
    from rail_django.contracts.settings_registry import settings_registry

    settings.RAIL_DJANGO_GRAPHQL_TEMPLATING = {"renderer": "pdfkit"}
    with translation.override("fr"):
        messages = [problem.msg for problem in settings_registry.check()]
    assert any(
        "renderer doit être l'une des valeurs weasyprint, wkhtmltopdf (reçu 'pdfkit')" in m
        for m in messages
    ), messages
