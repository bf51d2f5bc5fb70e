"""The ``MFA_*`` Django settings, read in one place with their defaults.

Top-level settings like ``JWT_*`` (one policy per project). ``MFA_REQUIRED_FOR_STAFF`` and
``MFA_REQUIRED_FOR_ALL_USERS`` keep upstream rail-django's names.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "MFA_REQUIRED_FOR_STAFF": False,
    "MFA_REQUIRED_FOR_ALL_USERS": False,
    # Role names (RBAC) whose members must use MFA.
    "MFA_REQUIRED_ROLES": (),
    # Fernet keys (urlsafe base64, 32 bytes), newest first; unset: derived from SECRET_KEY and
    # SECRET_KEY_FALLBACKS. Older keys still decrypt, so rotation is adding a key in front.
    "MFA_ENCRYPTION_KEYS": (),
    "MFA_ISSUER_NAME": "Rail Django",
    "MFA_MAX_ATTEMPTS": 5,
    "MFA_LOCKOUT_SECONDS": 300,
    "MFA_BACKUP_CODE_COUNT": 10,
    "MFA_MAX_DEVICES": 5,
}


def mfa_setting(name: str) -> Any:
    """The value of ``name`` (its default when unset), read on each call."""
    return getattr(settings, name, DEFAULTS[name])
