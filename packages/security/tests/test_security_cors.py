"""CORS on Rail endpoints, seen by a browser: preflights and actual requests answered from
``security_settings.allowed_origins``, per schema, switched by ``enable_cors`` and
``middleware_settings.enable_cors_middleware``."""

from __future__ import annotations

import json

import pytest
from django.core import checks
from django.test import Client

pytestmark = pytest.mark.django_db

SHOP = "https://shop.example.com"
QUERY = json.dumps({"query": "{ __typename }"})
LISTED = {"security_settings": {"allowed_origins": [SHOP]}}


def preflight(path: str = "/graphql/", origin: str = SHOP, method: str = "POST"):
    return Client().options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )


def actual(path: str = "/graphql/", origin: str | None = SHOP, **headers: str):
    if origin is not None:
        headers["Origin"] = origin
    return Client().post(path, QUERY, content_type="application/json", headers=headers)


def varies_on_origin(response) -> bool:
    vary = [part.strip().lower() for part in response.get("Vary", "").split(",")]
    return "origin" in vary


@pytest.fixture
def listed(settings):
    settings.RAIL_DJANGO_GRAPHQL = LISTED
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {}


def test_a_listed_origin_is_answered_with_credentials(listed):
    response = preflight()
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert response["Access-Control-Allow-Credentials"] == "true"
    assert response["Access-Control-Allow-Methods"] == "GET, POST, OPTIONS"
    allowed_headers = response["Access-Control-Allow-Headers"]
    assert "content-type" in allowed_headers and "authorization" in allowed_headers
    assert "x-csrftoken" in allowed_headers
    assert int(response["Access-Control-Max-Age"]) > 0
    assert varies_on_origin(response)

    answer = actual()
    assert answer.status_code == 200
    assert answer.json() == {"data": {"__typename": "Query"}}
    assert answer["Access-Control-Allow-Origin"] == SHOP
    assert answer["Access-Control-Allow-Credentials"] == "true"
    assert "X-RateLimit-Remaining" in answer["Access-Control-Expose-Headers"]
    assert varies_on_origin(answer)


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.net",
        "null",
        "https://shop.example.com.evil.net",
        "https://evilshop.example.com",
        "http://shop.example.com",
        "https://shop.example.com:8443",
        "https://sub.shop.example.com",
    ],
)
def test_any_other_origin_gets_no_allow_origin(listed, origin):
    response = preflight(origin=origin)
    assert response.status_code == 204
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Credentials" not in response
    assert varies_on_origin(response)
    # The request itself is answered (CORS is the browser's to enforce), unreadable to the page.
    answer = actual(origin=origin)
    assert answer.status_code == 200
    assert "Access-Control-Allow-Origin" not in answer
    assert "Access-Control-Allow-Credentials" not in answer
    assert varies_on_origin(answer)


def test_origins_match_regardless_of_case(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {"allowed_origins": ["HTTPS://Shop.Example.com"]}
    }
    assert actual()["Access-Control-Allow-Origin"] == SHOP


def test_the_guide_default_star_never_allows_credentials(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    for origin in (SHOP, "https://anyone.example.org", "null"):
        response = preflight(origin=origin)
        assert response.status_code == 204
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
        answer = actual(origin=origin)
        assert answer["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in answer


def test_a_request_without_origin_gets_no_cors_header(listed):
    response = actual(origin=None)
    assert response.status_code == 200
    assert not [name for name in response.headers if name.lower().startswith("access-control")]


def test_refusals_carry_the_cors_headers_too(listed):
    """A page allowed to call the API can read why it was refused (here a forged token)."""
    response = actual(Authorization="Bearer forged")
    assert response.status_code == 401
    assert response["Access-Control-Allow-Origin"] == SHOP


def test_enable_cors_false_leaves_every_header_out(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {"allowed_origins": [SHOP], "enable_cors": False}
    }
    response = preflight()
    # No preflight answer: the endpoint's ordinary 405, so the browser refuses the request.
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response
    answer = actual()
    assert answer.status_code == 200
    assert not [name for name in answer.headers if name.lower().startswith("access-control")]
    assert not varies_on_origin(answer)


def test_enable_cors_middleware_false_turns_cors_off_for_that_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = LISTED
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"middleware_settings": {"enable_cors_middleware": False}},
        "mobile": {},
    }
    response = preflight()
    assert response.status_code == 405
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in actual()


def test_allowed_origins_are_per_schema(settings):
    settings.RAIL_DJANGO_GRAPHQL = {}
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {"gql": LISTED}
    assert actual(origin="https://anyone.example.org").get("Access-Control-Allow-Origin") is None
    assert actual()["Access-Control-Allow-Origin"] == SHOP


def test_the_schema_api_answers_preflights_from_the_allow_list(listed):
    response = preflight("/api/v1/schemas/", method="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == SHOP
    assert "GET" in response["Access-Control-Allow-Methods"]
    other = preflight("/api/v1/schemas/", origin="https://evilshop.example.com", method="GET")
    assert "Access-Control-Allow-Origin" not in other
    # An actual request: refused (no credentials), readable by the listed origin only.
    answer = Client().get("/api/v1/schemas/", headers={"Origin": SHOP})
    assert answer.status_code == 401
    assert answer["Access-Control-Allow-Origin"] == SHOP
    assert varies_on_origin(answer)


@pytest.mark.parametrize(
    ("origins", "fragment"),
    [
        (["*", SHOP], "'*' allows every origin and must be alone"),
        (["null"], "must not contain 'null'"),
        (["https://shop.example.com/"], "is not an origin"),
        (["shop.example.com"], "is not an origin"),
        (["https://*.example.com"], "is not an origin"),
        (["https://shop.example.com/graphql/"], "is not an origin"),
        (["https://shop.example.com:port"], "is not an origin"),
        ([42], "must be strings"),
    ],
)
def test_bad_allowed_origins_are_check_errors_naming_the_key(settings, origins, fragment):
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"allowed_origins": origins}}
    errors = [m for m in checks.run_checks(tags=["rail_django"]) if m.level >= checks.ERROR]
    assert any("allowed_origins" in m.msg and fragment in m.msg for m in errors), errors


def test_good_allowed_origins_pass_the_checks(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "security_settings": {
            "allowed_origins": [
                SHOP,
                "http://localhost:3000",
                "capacitor://localhost",
                "http://[::1]:8000",
            ]
        }
    }
    messages = checks.run_checks(tags=["rail_django"])
    assert [m for m in messages if m.level >= checks.ERROR or "allowed_origins" in m.msg] == []
