"""Tokens end with the credential they were issued for (issue 11, "tokens outlive credentials").

A password changed the ordinary Django way (``set_password`` + ``save``, as the admin,
``changepassword`` and password reset do), a deactivation, and the family's absolute lifetime
each end the access and refresh tokens of every earlier login; a new login works.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from security_auth_client import (
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

from rail_django.security.auth.models import TokenFamily

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring")]

NEW_PASSWORD = "a completely different passphrase 9"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


def _refresh_refused(client, pair) -> dict:
    data = answer(post(client, REFRESH, {"refreshToken": pair["refreshToken"]}))
    assert data["data"] == {"refreshToken": None}
    assert codes(data) == ["RAIL_GQL_UNAUTHENTICATED"], data
    return data["errors"][0]


def test_set_password_and_save_ends_every_earlier_token(client, alice):
    pair = login(client, "alice")
    assert ok(post(client, ME, token=pair["token"])) == {"me": {"username": "alice"}}
    alice.set_password(NEW_PASSWORD)
    alice.save()
    refused(post(client, ME, token=pair["token"]))
    _refresh_refused(client, pair)
    fresh = login(client, "alice", NEW_PASSWORD)
    assert ok(post(client, ME, token=fresh["token"])) == {"me": {"username": "alice"}}


def test_a_password_written_without_signals_still_ends_the_tokens(client, alice):
    # A queryset update sends no signal: the token's credential fingerprint still differs.
    pair = login(client, "alice")
    alice.set_password(NEW_PASSWORD)
    type(alice).objects.filter(pk=alice.pk).update(password=alice.password)
    from rail_django.security.auth import verified_tokens

    verified_tokens.clear()  # what another process, which never saw this token, knows
    refused(post(client, ME, token=pair["token"]))
    _refresh_refused(client, pair)


def test_changepassword_command_ends_the_tokens(client, alice, monkeypatch):
    pair = login(client, "alice")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "alice", stdout=io.StringIO())
    refused(post(client, ME, token=pair["token"]))
    _refresh_refused(client, pair)


def test_password_reset_form_ends_the_tokens(client, alice):
    from django.contrib.auth.forms import SetPasswordForm

    pair = login(client, "alice")
    form = SetPasswordForm(alice, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    refused(post(client, ME, token=pair["token"]))
    _refresh_refused(client, pair)


def test_saving_other_fields_keeps_the_tokens(client, alice):
    pair = login(client, "alice")
    alice.first_name = "Alice"
    alice.save()
    assert ok(post(client, ME, token=pair["token"])) == {"me": {"username": "alice"}}
    assert ok(post(client, REFRESH, {"refreshToken": pair["refreshToken"]}))["refreshToken"]


def test_deactivation_revokes_and_reactivation_does_not_revive(client, alice):
    pair = login(client, "alice")
    alice.is_active = False
    alice.save()
    refused(post(client, ME, token=pair["token"]))
    assert TokenFamily.objects.get(user=alice).revoked_reason == "deactivated"
    alice.is_active = True
    alice.save()
    refused(post(client, ME, token=pair["token"]))
    _refresh_refused(client, pair)
    fresh = login(client, "alice")
    assert ok(post(client, ME, token=fresh["token"])) == {"me": {"username": "alice"}}


def test_refresh_does_not_extend_a_family_past_its_absolute_lifetime(client, alice, settings):
    settings.JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=7)
    settings.JWT_REFRESH_FAMILY_MAX_LIFETIME = timedelta(days=30)
    pair = login(client, "alice")
    family = TokenFamily.objects.get(user=alice)
    # The login started 29 days ago: one more refresh is allowed, capped at day 30.
    started = datetime.now(UTC) - timedelta(days=29)
    TokenFamily.objects.filter(pk=family.pk).update(created_at=started)
    pair = ok(post(client, REFRESH, {"refreshToken": pair["refreshToken"]}))["refreshToken"]
    family.refresh_from_db()
    assert family.expires_at <= started + timedelta(days=30)
    # Past day 30 the family is dead, however fresh its newest refresh token is.
    TokenFamily.objects.filter(pk=family.pk).update(created_at=started - timedelta(days=2))
    error = _refresh_refused(client, pair)
    assert error["extensions"]["reason"] == "expired"
    from rail_django.security.auth import verified_tokens

    verified_tokens.clear()
    refused(post(client, ME, token=pair["token"]))


def test_the_absolute_lifetime_is_on_by_default(client, alice):
    login(client, "alice")
    family = TokenFamily.objects.get(user=alice)
    assert family.expires_at - family.created_at <= timedelta(days=7, seconds=5)
    from rail_django.security.auth.token_settings import token_config

    assert token_config().family_max_lifetime == timedelta(days=30)
