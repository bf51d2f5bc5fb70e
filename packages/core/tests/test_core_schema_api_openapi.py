"""The OpenAPI document: contributed paths, and a schemathesis run that finds no 500 and no
answer breaking the document (every operation, positive and negative data, fixed seed)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from core_schema_api_client import manager, signed_in
from django.core import signals
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis import checks as st_checks
from schemathesis import openapi as st_openapi

from rail_django.contracts.plugins import ContributionKind, plugin_registry
from rail_django.core.schema_api import openapi_document

pytestmark = pytest.mark.django_db

CSRF_TOKEN = "a" * 32  # an unmasked secret: the same value as cookie and header passes Django
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 25


def test_the_document_is_openapi_3_1_with_core_paths():
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    assert {
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/schemas/",
        "/api/v1/schemas/{name}/",
        "/api/v1/schemas/{name}/sdl/",
        "/api/v1/schemas/{name}/rebuild/",
        "/api/v1/health/",
    } <= set(document["paths"])
    assert set(document["paths"]["/api/v1/schemas/{name}/rebuild/"]) == {"post"}


def test_a_package_contributes_its_paths_through_the_contracts(django_user_model):
    def openapi_paths():
        return {"/api/v1/widgets/": {"get": {"summary": "Widgets.", "responses": {}}}}

    plugin_registry.register(ContributionKind.OPENAPI_PATHS, openapi_paths, plugin="tests.w")
    try:
        assert "/api/v1/widgets/" in openapi_document()["paths"]
        index = signed_in(manager(django_user_model)).get("/api/v1/").json()
        assert {"method": "GET", "path": "/api/v1/widgets/", "summary": "Widgets."} in index[
            "endpoints"
        ]
    finally:
        plugin_registry.unregister_plugin("tests.w")
    assert "/api/v1/widgets/" not in openapi_document()["paths"]


def test_two_packages_cannot_claim_one_path():
    def clash():
        return {"/api/v1/schemas/": {}}

    plugin_registry.register(ContributionKind.OPENAPI_PATHS, clash, plugin="tests.clash")
    try:
        with pytest.raises(ImproperlyConfigured, match="tests.clash"):
            openapi_document()
    finally:
        plugin_registry.unregister_plugin("tests.clash")


@contextmanager
def served_in_the_test_transaction():
    """Requests served by Django's own WSGI handler without the per-request connection closing,
    as Django's test client does (the test's transaction must survive each request). Entered
    after the test client's last request: that client switches the closing back on."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@override_settings(GRAPHQL_SCHEMA_API_RATE_LIMIT={"max_requests": 1_000_000})
def test_schemathesis_finds_no_500_and_no_answer_breaking_the_document(django_user_model):
    cache.clear()
    client = signed_in(manager(django_user_model))
    auth = {
        "headers": {"X-CSRFToken": CSRF_TOKEN},
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
    }
    # The document is read over HTTP, as a client reads it (it needs the same credentials).
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    schema = st_openapi.from_dict(served.json())
    schema.app = WSGIHandler()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    seen_statuses: set[int] = set()
    with served_in_the_test_transaction():
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                _fuzz(operation, mode, auth, seen_statuses)
    # The run reached real answers, not only refusals.
    assert {200, 404} <= seen_statuses


def _fuzz(operation, mode, auth, seen_statuses):
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        response = case.call(**auth)
        seen_statuses.add(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()
