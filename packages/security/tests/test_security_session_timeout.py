"""``security_settings.session_timeout_minutes``: a browser sign-in (Django session, or cookie-mode
JWT) idle past the timeout ends with 401 ``session_expired``, per schema; activity slides it;
refreshing cannot revive it; bearer tokens are not sessions. Idle time is simulated by moving the
recorded last activity back, the one piece of state the server keeps for it."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client
from security_auth_client import LOGIN, ME, PASSWORD, REFRESH, answer, codes, login, ok, post

from rail_django.security.auth import verified_tokens
from rail_django.security.auth.idle_timeout import CACHE_PREFIX, SESSION_KEY
from rail_django.security.auth.models import TokenFamily

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh(settings):
    cache.clear()
    verified_tokens.clear()
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": {"session_timeout_minutes": 5}},
        "admin": {"security_settings": {"session_timeout_minutes": None}},
    }


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


def _idle_session(client: Client, seconds: int) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time()) - seconds
    session.save()


def expired(response) -> dict:
    assert response.status_code == 401, response.content[:300]
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    error = data["errors"][0]
    assert error["extensions"]["reason"] == "session_expired"
    assert "5 minutes of inactivity" in error["message"]
    return error


def test_an_idle_session_ends_and_activity_slides_it(alice):
    client = Client()
    client.force_login(alice)
    assert ok(post(client, ME)) == {"me": {"username": "alice"}}
    assert isinstance(client.session[SESSION_KEY], int)
    _idle_session(client, 4 * 60)  # within the timeout: the request slides it
    assert ok(post(client, ME)) == {"me": {"username": "alice"}}
    assert time.time() - client.session[SESSION_KEY] < 60
    _idle_session(client, 5 * 60 + 1)
    expired(post(client, ME))
    # The session is over: next requests are anonymous, and signing in again works.
    assert ok(post(client, ME)) == {"me": None}
    assert login(client, "alice")["user"] == {"username": "alice"}


def test_the_timeout_is_per_schema(alice):
    client = Client()
    client.force_login(alice)
    post(client, ME)
    _idle_session(client, 60 * 60)
    assert ok(post(client, ME, schema="admin")) == {"me": {"username": "alice"}}
    expired(post(client, ME))


def _cookie_browser(settings, alice) -> Client:
    settings.JWT_ALLOW_COOKIE_AUTH = True
    settings.JWT_ENFORCE_CSRF = False
    client = Client()
    ok(post(client, LOGIN, {"username": "alice", "password": PASSWORD}))
    assert ok(post(client, ME)) == {"me": {"username": "alice"}}
    return client


def _idle_family(seconds: int) -> None:
    family = TokenFamily.objects.get()
    cache.set(f"{CACHE_PREFIX}:{family.pk}", int(time.time()) - seconds)


def test_an_idle_cookie_login_ends_and_its_cookies_are_dropped(settings, alice):
    client = _cookie_browser(settings, alice)
    _idle_family(4 * 60)
    assert ok(post(client, ME)) == {"me": {"username": "alice"}}
    _idle_family(5 * 60 + 1)
    response = post(client, ME)
    expired(response)
    assert response.cookies["rail_access"].value == ""
    assert TokenFamily.objects.get().revoked_reason == "idle"
    assert ok(post(client, ME)) == {"me": None}


def test_refreshing_does_not_revive_an_idle_cookie_login(settings, alice):
    client = _cookie_browser(settings, alice)
    _idle_family(5 * 60 + 1)
    del client.cookies["rail_access"]  # the short-lived access cookie is gone: refresh
    old_refresh = client.cookies["rail_refresh"].value
    response = post(client, REFRESH)
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert data["errors"][0]["extensions"]["reason"] == "session_expired"
    assert TokenFamily.objects.get().revoked_reason == "idle"
    assert response.cookies["rail_refresh"].value == ""
    # The family is revoked: the old refresh token is dead wherever it is replayed.
    replayed = answer(post(Client(), REFRESH, {"refreshToken": old_refresh}))
    assert codes(replayed) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_bearer_tokens_are_not_sessions(alice):
    token = login(Client(), "alice")["token"]
    _idle_family(60 * 60)
    assert ok(post(Client(), ME, token=token)) == {"me": {"username": "alice"}}
