"""Resolvers of ``setupTotp``, ``verifyTotp``, ``redeemBackupCode``, ``mfaDevices`` and
``removeMfaDevice``. Refusals are ``RailError`` with a stable code; every outcome is audited
(``auth.mfa.setup``, ``auth.mfa.verified``, ``auth.mfa.failure``, ``auth.mfa.backup_code_used``,
``auth.mfa.device_removed``). Secrets and codes never reach an error, a log or an audit event.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.translation import gettext

from rail_django.contracts.audit import AuditOutcome
from rail_django.contracts.error_codes import ErrorCode, RailError
from rail_django.extensions.mfa import backup_codes, mfa_throttle, totp_check
from rail_django.extensions.mfa.enforcement import mfa_required
from rail_django.extensions.mfa.mfa_settings import mfa_setting
from rail_django.extensions.mfa.models import BackupCode, TOTPDevice
from rail_django.extensions.mfa.secret_box import encrypt
from rail_django.security.auth import second_factor
from rail_django.security.auth.auth_audit import audit
from rail_django.security.auth.auth_cookies import stage_token_cookies
from rail_django.security.auth.auth_mutations import token_payload
from rail_django.security.auth.request_authenticator import request_token
from rail_django.security.auth.second_factor import pending_user
from rail_django.security.auth.token_store import issue_pair, revoke_access, revoke_family


def _caller(request: Any) -> tuple[Any, bool]:
    """(user, limited): the signed-in user, and whether their token is MFA-pending."""
    pending = pending_user(request)
    if pending is not None:
        return pending, True
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return user, False
    raise RailError(gettext("Authentication required."), ErrorCode.UNAUTHENTICATED)


def _own_device(user: Any, device_id: Any) -> TOTPDevice:
    text = str(device_id)
    try:
        if not text.isdigit() or len(text) > 18:  # beyond a bigint: no such row
            raise TOTPDevice.DoesNotExist
        return TOTPDevice.objects.get(pk=int(text), user=user)
    except TOTPDevice.DoesNotExist:
        # Another user's device id answers exactly like a missing one.
        raise RailError(gettext("No such MFA device."), ErrorCode.NOT_FOUND) from None


def _throttled() -> RailError:
    return RailError(
        gettext("Too many failed MFA attempts: try again later"), ErrorCode.RATE_LIMITED
    )


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def setup_totp(info: Any, device_name: str) -> dict[str, Any]:
    """Create an inactive device for the caller; answers its provisioning URI (shown once)."""
    request = info.context
    user, limited = _caller(request)
    name = device_name.strip()
    if not name or len(name) > 64:
        raise RailError(
            gettext("A device name of 1 to 64 characters is required."),
            ErrorCode.INVALID_ARGUMENT,
            extensions={"field": "deviceName"},
        )
    if limited and TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Knowing the password must not be enough to enrol a new factor.
        raise RailError(
            gettext("MFA required: verify with an existing device first."),
            ErrorCode.PERMISSION_DENIED,
        )
    limit = mfa_setting("MFA_MAX_DEVICES")
    if TOTPDevice.objects.filter(user=user, confirmed=True).count() >= limit:
        raise RailError(gettext("Too many MFA devices."), ErrorCode.INVALID_ARGUMENT)
    # Set-ups never verified are abandoned: keep the newest few, so they neither pile up nor
    # lock a limited login (which cannot remove devices) out of setting one up.
    stale = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk")[limit - 1 :]
    TOTPDevice.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    secret = totp_check.new_secret()
    device = TOTPDevice.objects.create(user=user, name=name, encrypted_secret=encrypt(secret))
    uri = totp_check.totp_for(secret).provisioning_uri(
        name=user.get_username(), issuer_name=mfa_setting("MFA_ISSUER_NAME")
    )
    audit("auth.mfa.setup", request, user=user, device=device.pk)
    return {"device": device, "provisioning_uri": uri, "qr_code": _qr_data_uri(uri)}


def _full_login(request: Any, user: Any) -> dict[str, Any]:
    """End the limited login and start a full one (a session: mark it verified)."""
    state = request_token(request)
    if state is None:
        second_factor.mark_session_verified(request, user)
        request.user = user
        return {}
    revoke_access(state.claims)
    revoke_family(state.claims.family, "mfa_completed")
    pair = issue_pair(user)
    request.user = user
    stage_token_cookies(request, pair.access, pair.refresh)
    return token_payload(pair, user)


def verify_totp(info: Any, device_id: Any, token: str) -> dict[str, Any]:
    """Check a code: activates a pending device, and completes a limited login."""
    request = info.context
    user, limited = _caller(request)
    device = _own_device(user, device_id)
    if (
        limited
        and not device.confirmed
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    ):
        raise RailError(
            gettext("MFA required: verify with an existing device first."),
            ErrorCode.PERMISSION_DENIED,
        )
    if mfa_throttle.is_locked(user, device.pk):
        audit("auth.mfa.failure", request, user=user, outcome=AuditOutcome.DENIED, device=device.pk)
        raise _throttled()
    if not totp_check.accept_code(device.pk, str(token or "").strip()):
        mfa_throttle.record_failure(user, device.pk)
        audit(
            "auth.mfa.failure", request, user=user, outcome=AuditOutcome.FAILURE, device=device.pk
        )
        raise RailError(
            gettext("Invalid or already used code."),
            ErrorCode.INVALID_ARGUMENT,
            extensions={"field": "token"},
        )
    mfa_throttle.clear(user, device.pk)
    codes = None
    with transaction.atomic():
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            if not BackupCode.objects.filter(user=user).exists():
                codes = backup_codes.issue_codes(user)
    audit("auth.mfa.verified", request, user=user, device=device.pk)
    device.refresh_from_db()
    answer: dict[str, Any] = {"success": True, "device": device, "backup_codes": codes}
    if limited:
        answer.update(_full_login(request, user))
    return answer


def redeem_backup_code(info: Any, code: str) -> dict[str, Any]:
    """Complete a limited login with a backup code (each works once)."""
    request = info.context
    user, limited = _caller(request)
    if mfa_throttle.is_locked(user):
        audit("auth.mfa.failure", request, user=user, outcome=AuditOutcome.DENIED)
        raise _throttled()
    if not backup_codes.redeem(user, str(code or "")):
        mfa_throttle.record_failure(user)
        audit("auth.mfa.failure", request, user=user, outcome=AuditOutcome.FAILURE, kind="backup")
        raise RailError(
            gettext("Invalid or already used code."),
            ErrorCode.INVALID_ARGUMENT,
            extensions={"field": "code"},
        )
    mfa_throttle.clear(user)
    remaining = BackupCode.objects.filter(user=user, used_at__isnull=True).count()
    audit("auth.mfa.backup_code_used", request, user=user, remaining=remaining)
    answer: dict[str, Any] = {"success": True, "remaining_backup_codes": remaining}
    if limited:
        answer.update(_full_login(request, user))
    return answer


def list_devices(info: Any) -> list[TOTPDevice]:
    user, _ = _caller(info.context)
    return list(TOTPDevice.objects.filter(user=user).order_by("pk"))


def remove_device(info: Any, device_id: Any) -> dict[str, Any]:
    """Delete one of the caller's devices; never the last active one of a user who must use MFA."""
    request = info.context
    user, limited = _caller(request)
    if limited:
        raise RailError(
            gettext("MFA required: complete the second factor first."),
            ErrorCode.PERMISSION_DENIED,
        )
    with transaction.atomic():
        device = _own_device(user, device_id)
        others = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .exclude(pk=device.pk)
        )
        if device.confirmed and not others.exists() and mfa_required(user):
            raise RailError(
                gettext(
                    "MFA is required for your account: add another device before removing "
                    "the last one."
                ),
                ErrorCode.PERMISSION_DENIED,
            )
        device.delete()
    audit("auth.mfa.device_removed", request, user=user, device=int(str(device_id)))
    return {"success": True}
