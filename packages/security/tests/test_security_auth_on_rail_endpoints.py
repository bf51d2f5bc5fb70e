"""Sign-in as the guide describes it: no MIDDLEWARE edit, tokens act on every Rail endpoint, and
``middleware_settings.enable_authentication_middleware`` switches it (globally or per schema)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from core_store_data import make_store
from django.contrib.auth.models import Permission
from django.core import checks
from django.test import Client
from security_auth_client import (
    LOGIN,
    LOGOUT,
    ME,
    PASSWORD,
    answer,
    codes,
    login,
    ok,
    post,
    refused,
)

from rail_django.contracts.authentication import (
    AuthenticationRefusal,
    AuthenticationResult,
    RequestAuthenticator,
    SessionAuthenticator,
    request_authenticator,
)
from rail_django.security.auth import verified_tokens
from rail_django.security.auth.middleware import MIDDLEWARE_PATH
from rail_django.security.auth.request_authenticator import JWTRequestAuthenticator
from rail_django.security.auth.token_settings import token_config

pytestmark = pytest.mark.django_db

PRODUCTS = '{ products(orderBy: ["name"]) { name } }'
CHANGE_PASSWORD = """
mutation Change($old: String!, $new: String!) {
  changePassword(oldPassword: $old, newPassword: $new) { success token }
}
"""


@pytest.fixture(autouse=True)
def _guide_setup(settings):
    """The test project as the guide sets it up: the JWT middleware is not in MIDDLEWARE."""
    from django.core.cache import cache

    assert MIDDLEWARE_PATH not in settings.MIDDLEWARE
    cache.clear()
    verified_tokens.clear()


@pytest.fixture
def alice(django_user_model):
    user = django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core_testapp", codename="view_product")
    )
    return user


def _expired(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    past = datetime.now(UTC) - timedelta(hours=2)
    claims.update(
        iat=int(past.timestamp()),
        nbf=int(past.timestamp()),
        exp=int((past + timedelta(minutes=5)).timestamp()),
    )
    config = token_config()
    return jwt.encode(claims, config.signing_key, algorithm=config.algorithm)


def test_the_security_app_installs_its_authenticator():
    active = request_authenticator.get()
    assert isinstance(active, JWTRequestAuthenticator)
    assert isinstance(active, RequestAuthenticator)
    assert request_authenticator.owner == "rail_django.security"


def test_a_bearer_token_signs_the_request_in(client, alice):
    make_store()
    assert codes(answer(post(client, PRODUCTS))) == ["RAIL_GQL_UNAUTHENTICATED"]
    token = login(client, "alice")["token"]
    assert ok(post(Client(), ME, token=token)) == {"me": {"username": "alice"}}
    assert len(ok(post(Client(), PRODUCTS, token=token))["products"]) == 4


@pytest.mark.parametrize("value", ["not-a-jwt", "", "a.b.c"])
def test_a_bearer_value_that_is_no_token_is_refused_not_anonymous(client, value):
    response = post(client, ME, HTTP_AUTHORIZATION=f"Bearer {value}")
    error = refused(response)
    assert error["extensions"]["reason"] == "malformed"
    assert response["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    assert "data" not in answer(response)


def test_expired_revoked_and_refresh_tokens_are_refused(client, alice):
    pair = login(client, "alice")
    assert refused(post(client, ME, token=_expired(pair["token"])))["extensions"]["reason"] == (
        "expired"
    )
    refresh = refused(post(client, ME, token=pair["refreshToken"]))
    assert refresh["extensions"]["reason"] == "wrong_type"
    # Used once (so remembered as live), then logged out: refused at once, not after a TTL.
    assert ok(post(client, ME, token=pair["token"]))["me"]
    assert ok(post(client, LOGOUT, token=pair["token"])) == {"logout": {"success": True}}
    revoked = post(client, ME, token=pair["token"])
    assert refused(revoked)["extensions"]["reason"] == "revoked"
    assert 'error="invalid_token"' in revoked["WWW-Authenticate"]


def test_a_password_change_or_deactivation_ends_remembered_tokens(client, alice):
    first = login(client, "alice")["token"]
    assert ok(post(client, ME, token=first))["me"]
    changed = ok(
        post(client, CHANGE_PASSWORD, {"old": PASSWORD, "new": "another horse"}, token=first)
    )["changePassword"]
    assert refused(post(client, ME, token=first))["extensions"]["reason"] == "revoked"
    second = changed["token"]
    assert ok(post(client, ME, token=second))["me"]
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert refused(post(client, ME, token=second))["extensions"]["reason"] == "inactive"


def test_cookie_mode_works_without_the_middleware(settings, alice):
    settings.JWT_ALLOW_COOKIE_AUTH = True
    browser = Client(enforce_csrf_checks=True)
    response = post(browser, LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert response.cookies["rail_access"]["httponly"] is True
    csrf = {"HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value}
    assert post(browser, ME).status_code == 403
    assert ok(post(browser, ME, **csrf)) == {"me": {"username": "alice"}}
    logout = post(browser, LOGOUT, **csrf)
    assert logout.cookies["rail_access"].value == ""
    assert ok(post(browser, ME, **csrf)) == {"me": None}


def test_switched_off_globally_tokens_are_ignored(client, alice, settings):
    token = login(client, "alice")["token"]
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_authentication_middleware": False}
    }
    assert ok(post(client, ME, token=token)) == {"me": None}
    assert ok(post(client, ME, HTTP_AUTHORIZATION="Bearer not-a-jwt")) == {"me": None}
    # The session user stays.
    session = Client()
    session.force_login(alice)
    assert ok(post(session, ME)) == {"me": {"username": "alice"}}


def test_switched_off_per_schema(client, alice, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "public": {"middleware_settings": {"enable_authentication_middleware": False}},
    }
    token = login(client, "alice")["token"]
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    assert ok(post(client, ME, token=token, schema="public")) == {"me": None}
    assert ok(post(client, ME, HTTP_AUTHORIZATION="Bearer x", schema="public")) == {"me": None}
    refused(post(client, ME, HTTP_AUTHORIZATION="Bearer x"))


def test_the_key_is_no_longer_inert(settings):
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_authentication_middleware": False}
    }
    messages = checks.run_checks()
    inert = [m for m in messages if m.id == "rail_django.W001"]
    assert not [m for m in inert if "enable_authentication_middleware" in m.msg], inert


def test_with_the_middleware_too_a_token_is_verified_once(
    client, alice, settings, django_assert_num_queries
):
    settings.JWT_VERIFICATION_CACHE_SECONDS = 0
    token = login(client, "alice")["token"]
    middleware = list(settings.MIDDLEWARE)
    index = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    settings.MIDDLEWARE = [*middleware[: index + 1], MIDDLEWARE_PATH, *middleware[index + 1 :]]
    with django_assert_num_queries(1):
        assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}


def test_the_refusal_uses_the_schemas_code_prefix(settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "shop": {"error_handling": {"error_code_prefix": "SHOP"}},
    }
    response = post(Client(), ME, HTTP_AUTHORIZATION="Bearer x", schema="shop")
    assert response.status_code == 401
    assert codes(answer(response)) == ["SHOP_UNAUTHENTICATED"]


class _Refusing:
    def authenticate(self, request, *, schema_name, read_tokens=True):
        if request.META.get("HTTP_X_API_KEY") == "bad":
            return AuthenticationResult.refused(
                AuthenticationRefusal("Bad key", reason="bad_key", headers={"X-Why": "key"})
            )
        return None

    def finish_response(self, request, response):
        response["X-Finished"] = "yes"


def test_another_authenticator_can_be_swapped_in(client):
    with request_authenticator.swapped(_Refusing()):
        response = post(client, ME, HTTP_X_API_KEY="bad")
        assert response.status_code == 401 and response["X-Why"] == "key"
        assert refused(response)["extensions"]["reason"] == "bad_key"
        passed = post(client, ME)
        assert ok(passed) == {"me": None} and passed["X-Finished"] == "yes"
    with request_authenticator.swapped(SessionAuthenticator()):
        assert ok(post(client, ME, HTTP_AUTHORIZATION="Bearer not-a-jwt")) == {"me": None}


def test_a_revocation_during_a_token_check_is_not_forgotten(alice, monkeypatch):
    """A logout committed while another request verifies the same token: that request may pass,
    but its verification must not be remembered for the next ones."""
    from rail_django.security.auth import token_store

    pair = token_store.issue_pair(alice)
    access, family = pair.access.token, pair.access.claims.family
    remember = verified_tokens.remember

    def revoked_meanwhile(*args, **kwargs):
        # What a concurrent logout does between this request's database check and its
        # remember(): revoke, and forget the token in this process.
        token_store.revoke_family(family, "logout")
        remember(*args, **kwargs)

    monkeypatch.setattr(verified_tokens, "remember", revoked_meanwhile)
    token_store.authenticate_access(access)  # verified before the revocation: passes
    monkeypatch.setattr(verified_tokens, "remember", remember)
    with pytest.raises(token_store.TokenError):
        token_store.authenticate_access(access)


def test_a_schema_without_rail_sign_in_reads_no_token_and_has_no_token_mutations(
    client, alice, settings
):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "sso": {"security_settings": {"enable_authentication": False}},
    }
    token = login(client, "alice")["token"]
    assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    assert ok(post(client, ME, token=token, schema="sso")) == {"me": None}
    variables = {"username": "alice", "password": PASSWORD}
    absent = answer(post(client, LOGIN, variables, schema="sso"))
    assert "Cannot query field 'login'" in absent["errors"][0]["message"]
    session = Client()
    session.force_login(alice)  # Django's own sign-in still works there
    assert ok(post(session, ME, schema="sso")) == {"me": {"username": "alice"}}
    messages = checks.run_checks()
    inert = [m for m in messages if m.id == "rail_django.W001"]
    assert not [m for m in inert if "enable_authentication" in m.msg], inert
