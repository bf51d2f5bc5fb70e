"""Reporting's messages follow the request's language; codes stay the same."""

from __future__ import annotations

import pytest
from django.utils import translation
from reporting_graphql import SCHEMA

from rail_django.testing import GraphQLTestClient

QUERY = '{ reportingDataset(code: "nope") { code } }'


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


def _not_found(user, language: str) -> dict:
    answer = GraphQLTestClient(user=user, schema=SCHEMA).execute(
        QUERY, headers={"Accept-Language": language}
    )
    assert answer.error_codes == ["RAIL_GQL_NOT_FOUND"]
    return answer.errors[0]


def test_an_unknown_dataset_is_reported_in_french(localized, orders):
    assert _not_found(orders["boss"], "fr")["message"] == ("Aucun jeu de données 'nope'.")


def test_and_in_english_otherwise(localized, orders):
    assert _not_found(orders["boss"], "en")["message"] == "No dataset 'nope'."
