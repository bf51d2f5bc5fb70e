"""TOTP devices over HTTP with real pyotp codes: setup, verify, drift, replay, throttling, the
encrypted secret column, and device listing / removal."""

from __future__ import annotations

import pytest
from django.db import connection
from security_auth_client import (
    answer,
    auth_wiring,  # noqa: F401 - fixture
    codes,
    login,
    ok,
    post,
)
from security_mfa_client import (
    DEVICES,
    NOW,
    REMOVE,
    SETUP,
    code_at,
    enrolled,
    server_clock,  # noqa: F401 - fixture
    setup,
    verify,
)

from rail_django.extensions.mfa.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring", "server_clock")]


@pytest.fixture
def events():
    """The audit events recorded during the test."""
    from security_auth_client import RecordingSink

    from rail_django.contracts.audit import audit_sink

    with audit_sink.swapped(RecordingSink()) as sink:
        yield sink


@pytest.fixture
def alice(django_user_model):
    from security_auth_client import PASSWORD

    return django_user_model.objects.create_user("alice", "alice@x.test", PASSWORD)


@pytest.fixture
def token(client, alice):
    return login(client, "alice")["token"]


def test_setup_answers_an_inactive_device_a_provisioning_uri_and_a_qr_code(
    client, alice, token, events
):
    payload = ok(post(client, SETUP, {"name": "phone"}, token=token))["setupTotp"]
    assert payload["device"]["confirmed"] is False
    assert payload["provisioningUri"].startswith("otpauth://totp/")
    assert "secret=" in payload["provisioningUri"]
    assert payload["qrCode"].startswith("data:image/svg+xml;base64,")
    assert list(alice.mfa_devices.values_list("name", flat=True)) == ["phone"]
    assert "auth.mfa.setup" in events.actions()


def test_a_current_code_activates_the_device_and_answers_backup_codes_once(
    client, alice, token, events
):
    device_id, secret, backup = enrolled(client, token)
    assert len(backup) == 10
    assert TOTPDevice.objects.get(pk=device_id).confirmed is True
    assert "auth.mfa.verified" in events.actions()
    # A later verification answers no backup codes.
    payload = ok(verify(client, token, device_id, code_at(secret, NOW + 30)))["verifyTotp"]
    assert payload["backupCodes"] is None


def test_a_wrong_code_is_refused_and_leaves_the_device_inactive(client, token, events):
    device_id, secret = setup(client, token)
    data = answer(verify(client, token, device_id, "000000"))
    if code_at(secret, NOW) != "000000":
        assert codes(data) == ["RAIL_GQL_INVALID_ARGUMENT"]
        assert TOTPDevice.objects.get(pk=device_id).confirmed is False
        assert "auth.mfa.failure" in events.actions()


def test_a_code_is_never_accepted_twice(client, token):
    device_id, secret, _ = enrolled(client, token)
    data = answer(verify(client, token, device_id, code_at(secret, NOW)))
    assert codes(data) == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_a_code_of_an_earlier_step_than_the_last_accepted_is_refused(client, token):
    device_id, secret = setup(client, token)
    ok(verify(client, token, device_id, code_at(secret, NOW + 30)))  # one step ahead: drift
    assert codes(answer(verify(client, token, device_id, code_at(secret, NOW)))) == [
        "RAIL_GQL_INVALID_ARGUMENT"
    ]


@pytest.mark.parametrize("steps", [-1, 1])
def test_one_step_of_drift_is_accepted(client, token, steps):
    device_id, secret = setup(client, token)
    ok(verify(client, token, device_id, code_at(secret, NOW + 30 * steps)))


@pytest.mark.parametrize("steps", [-2, 2])
def test_two_steps_of_drift_are_refused(client, token, steps):
    device_id, secret = setup(client, token)
    code = code_at(secret, NOW + 30 * steps)
    if code in {code_at(secret, NOW + 30 * k) for k in (-1, 0, 1)}:
        pytest.skip("the codes of two steps collide (one chance in 10^5)")
    assert codes(answer(verify(client, token, device_id, code))) == ["RAIL_GQL_INVALID_ARGUMENT"]


def test_failures_are_throttled_per_device_even_for_a_right_code(client, token, settings):
    settings.MFA_MAX_ATTEMPTS = 3
    device_id, secret = setup(client, token)
    wrong = "111111" if code_at(secret, NOW) != "111111" else "222222"
    for _ in range(3):
        assert codes(answer(verify(client, token, device_id, wrong))) == [
            "RAIL_GQL_INVALID_ARGUMENT"
        ]
    right = code_at(secret, NOW)
    assert codes(answer(verify(client, token, device_id, right))) == ["RAIL_GQL_RATE_LIMITED"]


def test_failures_are_throttled_per_user_across_devices(client, token, settings):
    settings.MFA_MAX_ATTEMPTS = 2
    first, secret_one = setup(client, token, "one")
    second, secret_two = setup(client, token, "two")
    wrong = "111111"
    if wrong in (code_at(secret_one, NOW), code_at(secret_two, NOW)):
        pytest.skip("a random secret's code collides with the wrong code")
    assert codes(answer(verify(client, token, first, wrong))) == ["RAIL_GQL_INVALID_ARGUMENT"]
    assert codes(answer(verify(client, token, second, wrong))) == ["RAIL_GQL_INVALID_ARGUMENT"]
    right = code_at(secret_two, NOW)
    assert codes(answer(verify(client, token, second, right))) == ["RAIL_GQL_RATE_LIMITED"]


def test_the_secret_column_holds_no_plaintext(client, token):
    device_id, secret = setup(client, token)
    table = TOTPDevice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [int(device_id)])
        row = cursor.fetchone()
    flat = " ".join(str(value) for value in row)
    assert secret not in flat
    assert secret.lower() not in flat.lower()
    ok(verify(client, token, device_id, code_at(secret, NOW)))


def test_rotating_the_encryption_key_keeps_devices_usable(client, token, settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.MFA_ENCRYPTION_KEYS = [old]
    device_id, secret = setup(client, token)
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    ok(verify(client, token, device_id, code_at(secret, NOW)))
    settings.MFA_ENCRYPTION_KEYS = [new]
    assert codes(answer(verify(client, token, device_id, code_at(secret, NOW + 30)))) == [
        "RAIL_GQL_INTERNAL_ERROR"
    ]


def test_another_users_device_behaves_as_missing(client, token, django_user_model):
    from security_auth_client import PASSWORD

    device_id, secret = setup(client, token)
    django_user_model.objects.create_user("bob", "bob@x.test", PASSWORD)
    bob = login(client, "bob")["token"]
    data = answer(verify(client, bob, device_id, code_at(secret, NOW)))
    assert codes(data) == ["RAIL_GQL_NOT_FOUND"]
    assert codes(answer(post(client, REMOVE, {"id": device_id}, token=bob))) == [
        "RAIL_GQL_NOT_FOUND"
    ]
    assert ok(post(client, DEVICES, token=bob)) == {"mfaDevices": []}


def test_devices_are_listed_and_removed(client, token, events):
    device_id, _ = setup(client, token)
    assert ok(post(client, DEVICES, token=token))["mfaDevices"] == [
        {"id": device_id, "name": "phone", "confirmed": False}
    ]
    assert ok(post(client, REMOVE, {"id": device_id}, token=token))["removeMfaDevice"] == {
        "success": True
    }
    assert ok(post(client, DEVICES, token=token)) == {"mfaDevices": []}
    assert "auth.mfa.device_removed" in events.actions()


def test_anonymous_callers_are_refused(client):
    assert codes(answer(post(client, SETUP, {"name": "phone"}))) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_aliases_in_one_document_are_throttled_one_by_one(client, token, settings):
    settings.MFA_MAX_ATTEMPTS = 3
    device_id, secret = setup(client, token)
    guesses = [f"{n:06d}" for n in range(8) if f"{n:06d}" != code_at(secret, NOW)][:6]
    fields = " ".join(
        f'g{i}: verifyTotp(deviceId: "{device_id}", token: "{guess}") {{ success }}'
        for i, guess in enumerate(guesses)
    )
    data = answer(post(client, f"mutation {{ {fields} }}", token=token))
    assert codes(data) == ["RAIL_GQL_INVALID_ARGUMENT"] * 3 + ["RAIL_GQL_RATE_LIMITED"] * 3
    assert codes(answer(verify(client, token, device_id, code_at(secret, NOW)))) == [
        "RAIL_GQL_RATE_LIMITED"
    ]


def test_no_secret_or_code_reaches_a_log_line_or_an_audit_event(client, token, events, caplog):
    import logging

    from security_mfa_client import REDEEM, login_mfa

    caplog.set_level(logging.DEBUG)
    device_id, secret, backup = enrolled(client, token)
    answer(verify(client, token, device_id, "123456"))
    limited = login_mfa(client, "alice")["token"]
    ok(post(client, REDEEM, {"code": backup[0]}, token=limited))
    ok(post(client, REMOVE, {"id": device_id}, token=token))
    actions = events.actions()
    for action in (
        "auth.mfa.setup",
        "auth.mfa.verified",
        "auth.mfa.backup_code_used",
        "auth.mfa.device_removed",
    ):
        assert action in actions, actions
    if code_at(secret, NOW + 30) != "123456":
        assert "auth.mfa.failure" in actions
    told = caplog.text + " ".join(repr(event) for event in events.events)
    for value in (secret, backup[0], code_at(secret, NOW)):
        assert value not in told


@pytest.mark.parametrize("device_id", ["99999999999999999999999", "-1", "abc", "1e3"])
def test_a_malformed_or_huge_device_id_is_missing(client, token, device_id):
    assert codes(answer(verify(client, token, device_id, "123456"))) == ["RAIL_GQL_NOT_FOUND"]


def test_abandoned_setups_do_not_pile_up(client, alice, token, settings):
    settings.MFA_MAX_DEVICES = 2
    for n in range(5):
        setup(client, token, f"try {n}")
    names = list(alice.mfa_devices.order_by("pk").values_list("name", flat=True))
    assert names == ["try 3", "try 4"]
    device_id, secret = setup(client, token, "kept")
    ok(verify(client, token, device_id, code_at(secret, NOW)))
    other, other_secret = setup(client, token, "second")
    ok(verify(client, token, other, code_at(other_secret, NOW)))
    assert codes(answer(post(client, SETUP, {"name": "third"}, token=token))) == [
        "RAIL_GQL_INVALID_ARGUMENT"
    ]


def test_the_reencrypt_command_moves_secrets_to_the_newest_key(client, token, settings):
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.MFA_ENCRYPTION_KEYS = [old]
    device_id, secret = setup(client, token)
    settings.MFA_ENCRYPTION_KEYS = [new, old]
    call_command("rail_mfa_reencrypt", stdout=StringIO())
    settings.MFA_ENCRYPTION_KEYS = [new]
    ok(verify(client, token, device_id, code_at(secret, NOW)))
