"""``security_settings.enable_csrf_protection``: an unsafe request authenticated by a Django
session (or a token cookie) needs Django's CSRF token in ``X-CSRFToken``; a bearer-header
request needs none; ``False`` lets such requests through for that schema."""

from __future__ import annotations

import pytest
from django.test import Client
from security_auth_client import LOGIN, ME, PASSWORD, answer, codes, login, ok, post

pytestmark = pytest.mark.django_db

#: A CSRF secret as Django keeps it in the ``csrftoken`` cookie (its header may echo it as is).
SECRET = "a" * 32


@pytest.fixture(autouse=True)
def _fresh(settings):
    from django.core.cache import cache

    from rail_django.security.auth import verified_tokens

    cache.clear()
    verified_tokens.clear()
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {}


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


@pytest.fixture
def session(alice):
    """A browser signed in with a Django session (the admin's login), enforcing CSRF as a real
    browser request through CsrfViewMiddleware would be."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def csrf_refused(response) -> None:
    assert response.status_code == 403, (response.status_code, response.content[:300])
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_PERMISSION_DENIED"]
    assert data["errors"][0]["extensions"]["reason"] == "csrf"
    assert "X-CSRFToken" in data["errors"][0]["message"]


def csrf_header(client: Client) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_a_session_post_without_the_token_is_refused(session):
    csrf_refused(post(session, ME))
    csrf_refused(post(session, ME, HTTP_X_CSRFTOKEN="x" * 64))


def test_a_session_post_with_the_token_runs(session):
    session.cookies["csrftoken"] = SECRET
    assert ok(post(session, ME, HTTP_X_CSRFTOKEN=SECRET)) == {"me": {"username": "alice"}}


def test_graphiql_hands_out_the_csrf_cookie_it_echoes(settings, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@x.test", PASSWORD)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    page = browser.get("/graphql/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert "csrftoken" in page.cookies
    # What graphiql-page.js sends: the cookie's value in X-CSRFToken.
    response = post(browser, ME, **csrf_header(browser))
    assert ok(response) == {"me": {"username": "root"}}


def test_a_session_get_query_needs_no_token(session):
    response = session.get("/graphql/", {"query": ME}, HTTP_ACCEPT="application/json")
    assert ok(response) == {"me": {"username": "alice"}}


def test_a_bearer_request_needs_no_token(alice):
    token = login(Client(), "alice")["token"]
    client = Client(enforce_csrf_checks=True)
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    # Even with a session cookie along: the bearer header says who sends it.
    client.force_login(alice)
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}


def test_anonymous_json_posts_need_no_token():
    client = Client(enforce_csrf_checks=True)
    response = post(client, LOGIN, {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200
    assert codes(answer(response)) != []  # refused credentials, not refused for CSRF


def test_enable_csrf_protection_false_lets_session_posts_through(session, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {"security_settings": {"enable_csrf_protection": False}},
        "mobile": {},
    }
    assert ok(post(session, ME)) == {"me": {"username": "alice"}}
    # Per schema: another schema still asks for the token.
    csrf_refused(post(session, ME, schema="mobile"))


def test_enable_csrf_protection_false_also_covers_token_cookies(settings, alice):
    settings.JWT_ALLOW_COOKIE_AUTH = True
    browser = Client(enforce_csrf_checks=True)
    assert post(browser, LOGIN, {"username": "alice", "password": PASSWORD}).status_code == 200
    csrf_refused(post(browser, ME))
    settings.RAIL_DJANGO_GRAPHQL = {"security_settings": {"enable_csrf_protection": False}}
    assert ok(post(browser, ME)) == {"me": {"username": "alice"}}
