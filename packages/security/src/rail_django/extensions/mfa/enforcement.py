"""Who must use a second factor: ``MFA_REQUIRED_FOR_ALL_USERS``, ``MFA_REQUIRED_FOR_STAFF``
(staff and superusers) and ``MFA_REQUIRED_ROLES`` (RBAC role names)."""

from __future__ import annotations

from typing import Any

from rail_django.extensions.mfa.mfa_settings import mfa_setting
from rail_django.extensions.mfa.models import TOTPDevice


def mfa_required(user: Any) -> bool:
    """Whether ``user`` must complete a second factor before using the API."""
    if not getattr(user, "is_authenticated", False):
        return False
    if mfa_setting("MFA_REQUIRED_FOR_ALL_USERS"):
        return True
    if mfa_setting("MFA_REQUIRED_FOR_STAFF") and (user.is_staff or user.is_superuser):
        return True
    roles = tuple(mfa_setting("MFA_REQUIRED_ROLES") or ())
    if roles:
        from rail_django.security.rbac.role_manager import role_manager

        return role_manager.has_role(user, *roles)
    return False


def enforcement_configured() -> bool:
    """Whether any ``MFA_REQUIRED_*`` setting is on (settings only)."""
    return bool(
        mfa_setting("MFA_REQUIRED_FOR_ALL_USERS")
        or mfa_setting("MFA_REQUIRED_FOR_STAFF")
        or mfa_setting("MFA_REQUIRED_ROLES")
    )


def has_active_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_due(user: Any) -> bool:
    """Whether a login of ``user`` must pass a second factor: required, or a device is set up."""
    return mfa_required(user) or has_active_device(user)
