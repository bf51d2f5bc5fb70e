"""Who must use MFA (staff, everyone, a role), what their login answers, and that a token issued
before the second factor opens only the MFA fields; backup codes."""

from __future__ import annotations

import pytest
from core_store_data import make_store
from django.contrib.auth.models import Permission
from security_auth_client import (
    PASSWORD,
    REFRESH,
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
    REDEEM,
    REMOVE,
    SETUP,
    code_at,
    enrolled,
    login_mfa,
    server_clock,  # noqa: F401 - fixture
    setup,
    verify,
)

from rail_django.security.auth.models import TokenFamily

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("auth_wiring", "server_clock")]

PRODUCTS = '{ products(orderBy: ["name"]) { name } }'
ME = "{ me { username } }"
CHANGE_PASSWORD = """
mutation { changePassword(oldPassword: "correct horse battery staple",
                          newPassword: "another long passphrase 42") { success } }
"""


def mfa_refused(response):
    assert response.status_code == 403, (response.status_code, response.content[:300])
    data = answer(response)
    assert codes(data) == ["RAIL_GQL_MFA_REQUIRED"]
    assert "MFA required" in data["errors"][0]["message"]
    assert data["errors"][0]["extensions"]["reason"] == "mfa_required"


def test_a_limited_token_is_refused_fields_in_fragments_too(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    limited = login_mfa(client, "sam")["token"]
    mfa_refused(
        post(client, "query { ...F } fragment F on Query { products { name } }", token=limited)
    )
    mfa_refused(post(client, "query { ... on Query { me { username } } }", token=limited))
    assert ok(
        post(client, "{ ...F } fragment F on Query { mfaDevices { id } }", token=limited)
    ) == {"mfaDevices": []}


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("sam", "sam@x.test", PASSWORD, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core_testapp", codename="view_product")
    )
    make_store()
    return user


@pytest.fixture
def plain(django_user_model):
    return django_user_model.objects.create_user("pat", "pat@x.test", PASSWORD)


def test_no_mfa_is_asked_by_default(client, staff):
    payload = login_mfa(client, "sam")
    assert payload["mfaRequired"] is False
    assert payload["mfaNextStep"] is None
    assert len(ok(post(client, PRODUCTS, token=payload["token"]))["products"]) == 4


def test_staff_must_set_up_mfa_and_the_first_token_is_limited(client, staff, plain, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    assert login_mfa(client, "pat")["mfaRequired"] is False
    payload = login_mfa(client, "sam")
    assert payload["mfaRequired"] is True
    assert payload["mfaNextStep"] == "SETUP_TOTP"
    assert "MFA required" in payload["message"] and "setupTotp" in payload["message"]
    limited = payload["token"]
    # Nothing but the MFA fields: any other field is refused with MFA_REQUIRED.
    for query in (
        CHANGE_PASSWORD,
        PRODUCTS,
        ME,
        'mutation { setupTotp(deviceName: "x") '
        "{ qrCode } logout { success } } query Other { products { name } }",
    ):
        mfa_refused(post(client, query, token=limited))
    # A rotated limited pair stays limited.
    rotated = ok(post(client, REFRESH, {"refreshToken": payload["refreshToken"]}))
    mfa_refused(post(client, ME, token=rotated["refreshToken"]["token"]))
    # Set up and verify: the answer is a full token; the limited login is over.
    device_id, secret = setup(client, limited)
    done = ok(verify(client, limited, device_id, code_at(secret, NOW)))["verifyTotp"]
    assert done["token"] and done["backupCodes"]
    assert len(ok(post(client, PRODUCTS, token=done["token"]))["products"]) == 4
    assert ok(post(client, ME, token=done["token"])) == {"me": {"username": "sam"}}
    assert codes(answer(post(client, ME, token=limited))) == ["RAIL_GQL_UNAUTHENTICATED"]


def test_a_user_with_a_device_verifies_at_each_login(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    first = login_mfa(client, "sam")["token"]
    _, secret = setup(client, first)
    device_id = ok(post(client, DEVICES, token=first))["mfaDevices"][0]["id"]
    full = ok(verify(client, first, device_id, code_at(secret, NOW)))["verifyTotp"]["token"]
    assert full
    again = login_mfa(client, "sam")
    assert again["mfaNextStep"] == "VERIFY_TOTP"
    # The password alone cannot enrol another factor.
    assert codes(answer(post(client, SETUP, {"name": "thief"}, token=again["token"]))) == [
        "RAIL_GQL_PERMISSION_DENIED"
    ]
    # Nor reuse the code just accepted.
    assert codes(answer(verify(client, again["token"], device_id, code_at(secret, NOW)))) == [
        "RAIL_GQL_INVALID_ARGUMENT"
    ]
    token = ok(verify(client, again["token"], device_id, code_at(secret, NOW + 30)))
    assert ok(post(client, ME, token=token["verifyTotp"]["token"])) == {"me": {"username": "sam"}}


def test_a_device_is_asked_for_even_when_mfa_is_optional(client, plain):
    token = login(client, "pat")["token"]
    enrolled(client, token)
    payload = login_mfa(client, "pat")
    assert payload["mfaRequired"] is True
    assert payload["mfaNextStep"] == "VERIFY_TOTP"


def test_all_users_must_use_mfa(client, plain, settings):
    settings.MFA_REQUIRED_FOR_ALL_USERS = True
    assert login_mfa(client, "pat")["mfaNextStep"] == "SETUP_TOTP"


def test_members_of_a_role_must_use_mfa(client, plain, django_user_model, settings):
    from rail_django.security import role_manager

    settings.MFA_REQUIRED_ROLES = ["mfa_testers"]
    role_manager.register_role(name="mfa_testers", permissions=[])
    try:
        django_user_model.objects.create_user("rita", "rita@x.test", PASSWORD)
        assert login_mfa(client, "rita")["mfaRequired"] is False
        role_manager.assign_role(django_user_model.objects.get(username="rita"), "mfa_testers")
        assert login_mfa(client, "rita")["mfaRequired"] is True
        assert login_mfa(client, "pat")["mfaRequired"] is False
    finally:
        role_manager.unregister_role("mfa_testers")


def test_the_last_device_of_a_user_who_must_use_mfa_cannot_be_removed(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    limited = login_mfa(client, "sam")["token"]
    device_id, secret = setup(client, limited)
    full = ok(verify(client, limited, device_id, code_at(secret, NOW)))["verifyTotp"]["token"]
    assert codes(answer(post(client, REMOVE, {"id": device_id}, token=full))) == [
        "RAIL_GQL_PERMISSION_DENIED"
    ]
    second, secret_two = setup(client, full, "backup phone")
    ok(verify(client, full, second, code_at(secret_two, NOW)))
    assert ok(post(client, REMOVE, {"id": device_id}, token=full))["removeMfaDevice"]["success"]
    # A limited token removes nothing.
    limited = login_mfa(client, "sam")["token"]
    assert codes(answer(post(client, REMOVE, {"id": second}, token=limited))) == [
        "RAIL_GQL_PERMISSION_DENIED"
    ]


def test_backup_codes_complete_a_login_once_each_and_are_stored_hashed(client, plain):
    from rail_django.extensions.mfa.models import BackupCode

    token = login(client, "pat")["token"]
    _, _, backup = enrolled(client, token)
    stored = list(BackupCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(
        code in value or code.replace("-", "") in value for code in backup for value in stored
    )
    limited = login_mfa(client, "pat")["token"]
    done = ok(post(client, REDEEM, {"code": backup[0]}, token=limited))["redeemBackupCode"]
    assert done["remainingBackupCodes"] == 9 and done["token"]
    assert ok(post(client, ME, token=done["token"])) == {"me": {"username": "pat"}}
    limited = login_mfa(client, "pat")["token"]
    assert codes(answer(post(client, REDEEM, {"code": backup[0]}, token=limited))) == [
        "RAIL_GQL_INVALID_ARGUMENT"
    ]
    assert ok(post(client, REDEEM, {"code": backup[1].upper()}, token=limited))


def test_backup_code_failures_are_throttled(client, plain, settings):
    settings.MFA_MAX_ATTEMPTS = 2
    token = login(client, "pat")["token"]
    _, _, backup = enrolled(client, token)
    limited = login_mfa(client, "pat")["token"]
    for _ in range(2):
        assert codes(answer(post(client, REDEEM, {"code": "wrong-code"}, token=limited))) == [
            "RAIL_GQL_INVALID_ARGUMENT"
        ]
    assert codes(answer(post(client, REDEEM, {"code": backup[0]}, token=limited))) == [
        "RAIL_GQL_RATE_LIMITED"
    ]


def test_completing_mfa_revokes_the_limited_login(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    payload = login_mfa(client, "sam")
    device_id, secret = setup(client, payload["token"])
    ok(verify(client, payload["token"], device_id, code_at(secret, NOW)))
    assert TokenFamily.objects.filter(user=staff, revoked_reason="mfa_completed").count() == 1
    assert codes(answer(post(client, REFRESH, {"refreshToken": payload["refreshToken"]}))) == [
        "RAIL_GQL_UNAUTHENTICATED"
    ]


def test_a_session_login_must_pass_the_second_factor_in_that_session(client, staff, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(staff)
    mfa_refused(post(client, PRODUCTS))
    device_id, secret = setup(client, None)
    payload = ok(verify(client, None, device_id, code_at(secret, NOW)))["verifyTotp"]
    assert payload["token"] is None and payload["backupCodes"]
    assert len(ok(post(client, PRODUCTS))["products"]) == 4
    assert ok(post(client, ME)) == {"me": {"username": "sam"}}
    # A new session starts limited again.
    client.logout()
    client.force_login(staff)
    mfa_refused(post(client, PRODUCTS))
    assert codes(answer(post(client, SETUP, {"name": "thief"}))) == ["RAIL_GQL_PERMISSION_DENIED"]
    ok(verify(client, None, device_id, code_at(secret, NOW + 30)))
    assert len(ok(post(client, PRODUCTS))["products"]) == 4


def test_an_invalid_access_cookie_does_not_skip_the_session_second_factor(
    client, staff, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.JWT_ALLOW_COOKIE_AUTH = True
    settings.JWT_ENFORCE_CSRF = False
    client.force_login(staff)
    client.cookies["rail_access"] = "garbage"  # JWT_AUTH_COOKIE's default name
    mfa_refused(post(client, PRODUCTS))


def test_a_schema_reading_no_token_still_asks_the_session_second_factor(
    client, staff, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.RAIL_DJANGO_GRAPHQL = {
        "middleware_settings": {"enable_authentication_middleware": False}
    }
    client.force_login(staff)
    mfa_refused(post(client, PRODUCTS))


def test_cookie_mode_limited_login_and_its_completion(staff, settings):
    from django.test import Client

    settings.MFA_REQUIRED_FOR_STAFF = True
    settings.JWT_ALLOW_COOKIE_AUTH = True
    settings.JWT_ENFORCE_CSRF = False
    browser = Client()
    payload = login_mfa(browser, "sam")
    assert payload["mfaRequired"] is True
    mfa_refused(post(browser, PRODUCTS))  # the access cookie is the limited token
    device_id, secret = setup(browser, None)
    ok(verify(browser, None, device_id, code_at(secret, NOW)))
    # verifyTotp replaced the cookies with the full pair.
    assert len(ok(post(browser, PRODUCTS))["products"]) == 4
