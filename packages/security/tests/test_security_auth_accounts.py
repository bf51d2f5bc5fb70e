"""register (off by default, never revealing usernames), login throttling, audit events,
disable_security_mutations, query cost, token clean-up and the system checks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command
from django.test import Client
from security_auth_client import (
    LOGIN,
    LOGOUT,
    ME,
    PASSWORD,
    REFRESH,
    answer,
    audit_events,  # noqa: F401 - fixture
    auth_wiring,  # noqa: F401 - fixture
    codes,
    login,
    ok,
    post,
)

from rail_django.security.auth.middleware import MIDDLEWARE_PATH
from rail_django.security.auth.models import RefreshToken, RevokedAccessToken, TokenFamily

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]

REGISTER = """
mutation Register($username: String!, $password: String!, $email: String) {
  register(username: $username, password: $password, email: $email) { success message }
}
"""


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


def _register(client, username, password="a long enough passphrase 9", schema="gql"):
    variables = {"username": username, "password": password, "email": f"{username}@x.test"}
    return post(client, REGISTER, variables, schema=schema)


def test_register_is_off_by_default(client):
    response = _register(client, "newbie")
    assert response.status_code == 400
    assert "Cannot query field 'register'" in answer(response)["errors"][0]["message"]


def test_register_never_reveals_whether_a_username_exists(client, alice, settings):
    settings.JWT_ALLOW_REGISTRATION = True
    taken = ok(_register(client, "alice", "an attacker's passphrase 1"))
    taken_case = ok(_register(client, "ALICE", "an attacker's passphrase 1"))
    fresh = ok(_register(client, "newbie"))
    assert taken == taken_case == fresh
    # alice's account is untouched; the new account exists and can log in.
    assert login(client, "alice")["user"] == {"username": "alice"}
    assert login(client, "newbie", "a long enough passphrase 9")["user"] == {"username": "newbie"}
    assert codes(answer(post(client, LOGIN, {"username": "ALICE", "password": "x"})))


def test_register_applies_the_password_validators(client, settings, django_user_model):
    settings.JWT_ALLOW_REGISTRATION = True
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
        {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    ]
    short = answer(_register(client, "newbie", "short"))
    assert codes(short) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert short["errors"][0]["extensions"]["field"] == "password"
    bad_name = answer(_register(client, "no spaces allowed!"))
    assert codes(bad_name) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert not django_user_model.objects.filter(username="newbie").exists()


def test_register_can_be_allowed_per_schema(client, settings):
    settings.RAIL_DJANGO_GRAPHQL_SCHEMAS = {
        "gql": {},
        "auth": {
            "schema_settings": {
                "authentication_required": False,
                "query_field_allowlist": ["me"],
                "mutation_field_allowlist": ["login", "register"],
            }
        },
    }
    settings.JWT_ALLOW_REGISTRATION = ["auth"]
    assert ok(_register(client, "newbie", schema="auth"))["register"]["success"] is True
    assert _register(client, "other").status_code == 400
    logout = post(client, LOGOUT, schema="auth")
    assert "Cannot query field 'logout'" in answer(logout)["errors"][0]["message"]


def test_disable_security_mutations_removes_them(client, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"schema_settings": {"disable_security_mutations": True}}
    for document in (LOGIN, REFRESH, LOGOUT):
        response = post(client, document, {"username": "a", "password": "b"})
        assert response.status_code == 400, document
        assert codes(answer(response))[0] == "RAIL_GQL_VALIDATION_FAILED"
    assert ok(post(client, ME)) == {"me": None}


def test_failed_logins_are_throttled_per_username_and_ip(client, alice, settings):
    settings.JWT_LOGIN_MAX_ATTEMPTS = 3
    wrong = {"username": "alice", "password": "wrong"}
    for _ in range(3):
        assert codes(answer(post(client, LOGIN, wrong))) == ["RAIL_GQL_UNAUTHENTICATED"]
    right = {"username": "alice", "password": PASSWORD}
    locked = answer(post(client, LOGIN, right))
    assert codes(locked) == ["RAIL_GQL_RATE_LIMITED"]
    assert locked["data"] == {"login": None}
    # Another address is not locked out by this one's failures, nor is another username.
    other_ip = post(client, LOGIN, right, REMOTE_ADDR="10.0.0.9")
    assert ok(other_ip)["login"]["user"] == {"username": "alice"}


def test_audit_events_for_logins_refresh_reuse_and_logout(client, alice, audit_events):  # noqa: F811
    post(client, LOGIN, {"username": "alice", "password": "wrong"})
    payload = login(client, "alice")
    rotated = ok(post(client, REFRESH, {"refreshToken": payload["refreshToken"]}))
    post(client, REFRESH, {"refreshToken": payload["refreshToken"]})  # reuse
    second = login(client, "alice")
    post(client, LOGOUT, token=second["token"])
    assert audit_events.actions() == [
        "auth.login.failure",
        "auth.login.success",
        "auth.token.refresh",
        "auth.token.reuse_detected",
        "auth.login.success",
        "auth.logout",
    ]
    failure, success, _, reuse, _, logout = audit_events.events
    assert failure.outcome == "failure" and failure.details["username"] == "alice"
    assert failure.details["ip"] == "127.0.0.1"
    assert success.actor_id == alice.pk and success.outcome == "success"
    assert reuse.outcome == "denied" and reuse.actor_id == alice.pk
    assert logout.actor_id == alice.pk
    for event in audit_events.events:
        text = repr(event.details)
        assert PASSWORD not in text and "wrong" not in text
        assert rotated["refreshToken"]["token"] not in text


def test_token_authentication_costs_one_query_then_none(
    client, alice, settings, django_assert_num_queries
):
    token = login(client, "alice")["token"]
    with django_assert_num_queries(1):
        assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    # The token was found live a moment ago: its next requests cost no query.
    with django_assert_num_queries(0):
        assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}
    settings.JWT_VERIFICATION_CACHE_SECONDS = 0
    for _ in range(2):
        with django_assert_num_queries(1):
            assert ok(post(client, ME, token=token)) == {"me": {"username": "alice"}}


def test_purge_deletes_only_dead_token_state(client, alice):
    live = login(client, "alice")
    dead = login(client, "alice")
    post(client, LOGOUT, token=dead["token"])
    past = datetime.now(UTC) - timedelta(days=1)
    dead_family = TokenFamily.objects.exclude(revoked_at=None).get()
    TokenFamily.objects.filter(pk=dead_family.pk).update(expires_at=past)
    RevokedAccessToken.objects.update(expires_at=past)
    out = StringIO()
    call_command("rail_purge_tokens", stdout=out)
    assert "1 token families, 1 refresh tokens, 1 revoked access tokens" in out.getvalue()
    assert TokenFamily.objects.count() == 1 and RefreshToken.objects.count() == 1
    assert ok(post(client, ME, token=live["token"]))["me"]


def _ids() -> list[str]:
    return [m.id for m in checks.run_checks(tags=["security"])]


def test_system_check_asks_for_no_middleware_but_warns_when_it_is_misplaced(settings):
    # Rail endpoints read tokens without the middleware: its absence is not a problem.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH]
    assert not {"rail_django_security.W101", "rail_django_security.W102"} & set(_ids())
    settings.MIDDLEWARE = [MIDDLEWARE_PATH, *settings.MIDDLEWARE]
    assert "rail_django_security.W102" in _ids()


def test_system_check_reports_bad_token_settings(settings):
    assert not [i for i in _ids() if i.startswith("rail_django_security.E1")]
    settings.JWT_ALGORITHM = "none"
    assert "rail_django_security.E101" in _ids()
    settings.JWT_ALGORITHM = "RS256"
    assert "rail_django_security.E101" in _ids()  # no public key
    settings.JWT_ALGORITHM = "HS256"
    settings.JWT_SIGNING_KEY = settings.SECRET_KEY
    assert "rail_django_security.W103" in _ids()
    settings.JWT_SIGNING_KEY = "short"
    assert "rail_django_security.W104" in _ids()
    settings.JWT_ACCESS_TOKEN_LIFETIME = -5
    assert "rail_django_security.E102" in _ids()
    settings.JWT_ACCESS_TOKEN_LIFETIME = "5 minutes"
    assert "rail_django_security.E102" in _ids()


def test_system_check_warns_about_unsafe_cookie_mode(settings):
    settings.JWT_ALLOW_COOKIE_AUTH = True
    settings.JWT_ENFORCE_CSRF = False
    settings.JWT_COOKIE_SECURE = False
    ids = _ids()
    assert "rail_django_security.W106" in ids and "rail_django_security.W107" in ids


def test_bad_token_answers_use_the_schemas_error_code_prefix(client, settings):
    settings.RAIL_DJANGO_GRAPHQL = {"error_handling": {"error_code_prefix": "SHOP"}}
    response = post(Client(), ME, token="garbage")
    assert response.status_code == 401
    assert codes(answer(response)) == ["SHOP_UNAUTHENTICATED"]
