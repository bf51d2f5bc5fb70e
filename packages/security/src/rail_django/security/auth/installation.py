"""Everything the security app's ``ready()`` turns on for authentication, in one call."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.signals import setting_changed

from rail_django.contracts.authentication import request_authenticator
from rail_django.security.auth import idle_timeout, verified_tokens
from rail_django.security.auth.auth_checks import check_middleware, check_token_settings
from rail_django.security.auth.auth_fields import register_auth_fields
from rail_django.security.auth.credential_binding import connect_credential_signals
from rail_django.security.auth.request_authenticator import JWTRequestAuthenticator

OWNER = "rail_django.security"

# Settings that change which fields a schema has: built schemas are dropped when they change.
_SCHEMA_SHAPING_SETTINGS = frozenset({"JWT_ALLOW_REGISTRATION", "AUTH_USER_MODEL"})


def install_authentication() -> None:
    """Contribute the auth fields, read tokens on every Rail endpoint (the contracts'
    ``request_authenticator``), register the system checks, watch schema-shaping settings."""
    register_auth_fields()
    request_authenticator.install(JWTRequestAuthenticator(), owner=OWNER)
    verified_tokens.connect_signals()
    idle_timeout.connect_signals()
    connect_credential_signals()
    checks.register(check_middleware, "rail_django", "security")
    checks.register(check_token_settings, "rail_django", "security")
    setting_changed.connect(_on_setting_changed, dispatch_uid="rail_django_security_auth")


def _on_setting_changed(setting: str, **kwargs: Any) -> None:
    if setting.startswith("JWT_") or setting == "AUTH_USER_MODEL":
        verified_tokens.clear()
    if setting in _SCHEMA_SHAPING_SETTINGS:
        from rail_django.core import schema_registry

        schema_registry.invalidate()
