"""The token life cycle over HTTP: login, use, refresh (rotation), logout, password change."""

from __future__ import annotations

import pytest
from core_store_data import make_store
from django.contrib.auth.models import Permission
from security_auth_client import (
    LOGIN,
    LOGOUT,
    ME,
    PASSWORD,
    REFRESH,
    answer,
    auth_wiring,  # noqa: F401 - fixture
    codes,
    login,
    ok,
    post,
    refused,
)

from rail_django.security.auth.models import RefreshToken, TokenFamily

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]

PRODUCTS = '{ products(orderBy: ["name"]) { name } }'


@pytest.fixture
def alice(django_user_model):
    user = django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core_testapp", codename="view_product")
    )
    return user


def test_login_answers_a_token_pair_and_the_user(client, alice):
    payload = login(client, "alice")
    assert payload["user"] == {"username": "alice"}
    assert payload["token"] != payload["refreshToken"]
    assert payload["tokenExpiresAt"]
    assert TokenFamily.objects.filter(user=alice, revoked_at__isnull=True).count() == 1
    assert ok(post(client, ME, token=payload["token"])) == {"me": {"username": "alice"}}


def test_me_is_null_for_anonymous_users(client):
    assert ok(post(client, ME)) == {"me": None}


def test_wrong_password_and_unknown_user_get_the_same_answer(client, alice):
    wrong = answer(post(client, LOGIN, {"username": "alice", "password": "nope"}))
    unknown = answer(post(client, LOGIN, {"username": "nobody", "password": "nope"}))
    assert wrong["data"] == unknown["data"] == {"login": None}
    assert wrong["errors"][0]["message"] == unknown["errors"][0]["message"]
    assert codes(wrong) == codes(unknown) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_inactive_users_cannot_log_in(client, alice):
    alice.is_active = False
    alice.save()
    data = answer(post(client, LOGIN, {"username": "alice", "password": PASSWORD}))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_authentication_required_treats_jwt_users_like_session_users(client, alice):
    make_store()
    data = answer(post(client, PRODUCTS))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    token = login(client, "alice")["token"]
    assert len(ok(post(client, PRODUCTS, token=token))["products"]) == 4
    session_client = type(client)()
    session_client.force_login(alice)
    assert ok(post(session_client, PRODUCTS)) == ok(post(client, PRODUCTS, token=token))


def test_model_permissions_apply_to_jwt_users(client, django_user_model):
    make_store()
    django_user_model.objects.create_user("bob", "bob@x.test", PASSWORD)
    token = login(client, "bob")["token"]
    assert codes(answer(post(client, PRODUCTS, token=token))) == ["RAIL_GQL_PERMISSION_DENIED"]


def test_refresh_rotates_and_the_new_pair_works(client, alice):
    first = login(client, "alice")
    second = ok(post(client, REFRESH, {"refreshToken": first["refreshToken"]}))["refreshToken"]
    assert second["user"] == {"username": "alice"}
    assert second["refreshToken"] != first["refreshToken"]
    assert ok(post(client, ME, token=second["token"])) == {"me": {"username": "alice"}}
    third = ok(post(client, REFRESH, {"refreshToken": second["refreshToken"]}))["refreshToken"]
    assert ok(post(client, ME, token=third["token"])) == {"me": {"username": "alice"}}
    # One family (one login), three refresh tokens, two of them spent.
    assert TokenFamily.objects.filter(user=alice).count() == 1
    assert RefreshToken.objects.filter(used_at__isnull=False).count() == 2


def test_reusing_a_rotated_refresh_token_revokes_the_family(client, alice):
    first = login(client, "alice")
    rotated = ok(post(client, REFRESH, {"refreshToken": first["refreshToken"]}))["refreshToken"]
    # The old refresh token shows up again: stolen, or replayed. The whole login ends.
    data = answer(post(client, REFRESH, {"refreshToken": first["refreshToken"]}))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert data["errors"][0]["message"] == "Token has been revoked"
    assert data["errors"][0]["extensions"]["reason"] == "reused"
    assert TokenFamily.objects.get().revoked_reason == "reuse"
    # ... including the tokens the legitimate rotation produced.
    again = answer(post(client, REFRESH, {"refreshToken": rotated["refreshToken"]}))
    assert codes(again) == ["RAIL_GQL_UNAUTHENTICATED"]
    refused(post(client, ME, token=rotated["token"]))
    refused(post(client, ME, token=first["token"]))
    # A new login is a new family and works.
    assert ok(post(client, ME, token=login(client, "alice")["token"]))["me"]


def test_logout_revokes_the_access_token_and_its_refresh_tokens(client, alice):
    other = login(client, "alice")
    payload = login(client, "alice")
    assert ok(post(client, LOGOUT, token=payload["token"])) == {"logout": {"success": True}}
    error = refused(post(client, ME, token=payload["token"]))
    assert error["message"] == "Token has been revoked"
    data = answer(post(client, REFRESH, {"refreshToken": payload["refreshToken"]}))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    # Another login of the same user (another device) is untouched.
    assert ok(post(client, ME, token=other["token"])) == {"me": {"username": "alice"}}


def test_logout_without_a_login_reports_nothing_ended(client):
    assert ok(post(client, LOGOUT)) == {"logout": {"success": False}}


CHANGE = """
mutation Change($old: String!, $new: String!) {
  changePassword(oldPassword: $old, newPassword: $new) { success token refreshToken }
}
"""


def test_change_password_revokes_every_token_and_issues_a_new_pair(client, alice):
    laptop = login(client, "alice")
    phone = login(client, "alice")
    variables = {"old": PASSWORD, "new": "a brand new passphrase 42"}
    changed = ok(post(client, CHANGE, variables, token=laptop["token"]))["changePassword"]
    assert changed["success"] is True
    for old in (laptop, phone):
        refused(post(client, ME, token=old["token"]))
        data = answer(post(client, REFRESH, {"refreshToken": old["refreshToken"]}))
        assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]
    assert ok(post(client, ME, token=changed["token"])) == {"me": {"username": "alice"}}
    assert codes(answer(post(client, LOGIN, {"username": "alice", "password": PASSWORD})))
    assert login(client, "alice", "a brand new passphrase 42")["user"]["username"] == "alice"


def test_change_password_checks_the_old_one_and_the_validators(client, alice, settings):
    token = login(client, "alice")["token"]
    variables = {"old": "nope", "new": "another passphrase 7"}
    wrong = answer(post(client, CHANGE, variables, token=token))
    assert codes(wrong) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert wrong["errors"][0]["extensions"]["field"] == "oldPassword"
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}
    ]
    short = answer(post(client, CHANGE, {"old": PASSWORD, "new": "short"}, token=token))
    assert codes(short) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert "too short" in short["errors"][0]["message"]
    # Nothing changed: the token still works.
    assert ok(post(client, ME, token=token))["me"]


def test_change_password_needs_a_user(client):
    data = answer(post(client, CHANGE, {"old": "a", "new": "b"}))
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_session_users_keep_working_alongside_tokens(client, alice):
    client.force_login(alice)
    assert ok(post(client, ME)) == {"me": {"username": "alice"}}
