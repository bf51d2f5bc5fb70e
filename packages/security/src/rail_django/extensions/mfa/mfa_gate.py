"""Installs this app's answer to "must this login pass a second factor?" into security's login."""

from __future__ import annotations

from typing import Any

from rail_django.extensions.mfa.enforcement import (
    enforcement_configured,
    has_active_device,
    mfa_required,
)
from rail_django.security.auth import second_factor


def login_gate(user: Any) -> tuple[bool, bool]:
    """(due, setup_needed): due when MFA is required or the user has an active device."""
    active = has_active_device(user)
    return (active or mfa_required(user), not active)


def install_mfa_gate() -> None:
    second_factor.install_gate(login_gate, mfa_required, enforcement_configured)
