"""Cookie mode: HttpOnly/Secure/SameSite token cookies, CSRF enforced on cookie requests."""

from __future__ import annotations

import pytest
from django.test import Client
from security_auth_client import (
    LOGIN,
    LOGOUT,
    ME,
    PASSWORD,
    REFRESH,
    answer,
    auth_wiring,  # noqa: F401 - fixture
    codes,
    ok,
    post,
)

from rail_django.security.auth.models import TokenFamily

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


@pytest.fixture
def browser(settings, alice):
    """A CSRF-enforcing client logged in through the login mutation in cookie mode."""
    settings.JWT_ALLOW_COOKIE_AUTH = True
    client = Client(enforce_csrf_checks=True)
    response = post(client, LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    client.login_response = response
    return client


def _csrf(client: Client) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_login_sets_httponly_secure_samesite_cookies(browser):
    cookies = browser.login_response.cookies
    for name in ("rail_access", "rail_refresh"):
        cookie = cookies[name]
        assert cookie.value
        assert cookie["httponly"] is True
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
    assert int(cookies["rail_access"]["max-age"]) == 15 * 60
    assert int(cookies["rail_refresh"]["max-age"]) == 7 * 24 * 3600
    # A CSRF cookie for the client to echo back in X-CSRFToken.
    assert cookies["csrftoken"].value


def test_cookie_requests_need_the_csrf_token(browser):
    refused = post(browser, ME)
    assert refused.status_code == 403
    data = answer(refused)
    assert codes(data) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert data["errors"][0]["extensions"]["reason"] == "csrf"
    wrong = post(browser, ME, HTTP_X_CSRFTOKEN="x" * 64)
    assert wrong.status_code == 403
    assert ok(post(browser, ME, **_csrf(browser))) == {"me": {"username": "alice"}}


def test_csrf_enforcement_can_be_switched_off(browser, settings):
    settings.JWT_ENFORCE_CSRF = False
    assert ok(post(browser, ME)) == {"me": {"username": "alice"}}


def test_refresh_and_logout_from_cookies(browser):
    old_refresh = browser.cookies["rail_refresh"].value
    response = post(browser, REFRESH, **_csrf(browser))
    payload = ok(response)["refreshToken"]
    assert response.cookies["rail_refresh"].value == payload["refreshToken"] != old_refresh
    assert response.cookies["rail_access"].value == payload["token"]
    assert ok(post(browser, ME, **_csrf(browser))) == {"me": {"username": "alice"}}

    response = post(browser, LOGOUT, **_csrf(browser))
    assert ok(response) == {"logout": {"success": True}}
    for name in ("rail_access", "rail_refresh"):
        assert response.cookies[name].value == ""
        assert int(response.cookies[name]["max-age"]) == 0
    assert TokenFamily.objects.get().revoked_reason == "logout"
    assert ok(post(browser, ME, **_csrf(browser))) == {"me": None}


def test_a_dead_access_cookie_is_dropped_not_fatal(browser):
    browser.cookies["rail_access"] = "not-a-token"
    response = post(browser, ME, **_csrf(browser))
    assert ok(response) == {"me": None}
    assert response.cookies["rail_access"].value == ""
    # Login still works with the stale cookie around.
    again = post(browser, LOGIN, {"username": "alice", "password": PASSWORD}, **_csrf(browser))
    assert ok(again)["login"]["user"] == {"username": "alice"}


def test_cookies_are_ignored_unless_cookie_mode_is_on(browser, settings):
    settings.JWT_ALLOW_COOKIE_AUTH = False
    assert ok(post(browser, ME)) == {"me": None}


def test_bearer_requests_need_no_csrf_token(browser):
    token = browser.login_response.cookies["rail_access"].value
    other = Client(enforce_csrf_checks=True)
    assert ok(post(other, ME, token=token)) == {"me": {"username": "alice"}}


def test_cookie_attributes_come_from_settings(settings, alice):
    settings.JWT_ALLOW_COOKIE_AUTH = True
    settings.JWT_COOKIE_SAMESITE = "Strict"
    settings.JWT_AUTH_COOKIE = "access"
    client = Client(enforce_csrf_checks=True)
    response = post(client, LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.cookies["access"]["samesite"] == "Strict"
    assert ok(post(client, ME, **_csrf(client))) == {"me": {"username": "alice"}}
