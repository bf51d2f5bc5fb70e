"""System checks of the ``MFA_*`` settings: ids ``rail_django_mfa.E001``...

``E001`` a key of ``MFA_ENCRYPTION_KEYS`` is not a Fernet key; ``E002`` a boolean setting is not
a boolean; ``E003`` ``MFA_REQUIRED_ROLES`` is not a list of role names; ``E004`` a count or a
duration is not a positive integer.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.core import checks
from django.utils.translation import gettext as _

from rail_django.extensions.mfa.mfa_settings import mfa_setting

_BOOLEANS = ("MFA_REQUIRED_FOR_STAFF", "MFA_REQUIRED_FOR_ALL_USERS")
_POSITIVE = ("MFA_MAX_ATTEMPTS", "MFA_LOCKOUT_SECONDS", "MFA_BACKUP_CODE_COUNT", "MFA_MAX_DEVICES")


def _error(message: str, hint: str, number: int) -> checks.Error:
    return checks.Error(message, hint=hint, id=f"rail_django_mfa.E{number:03d}")


def check_mfa_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    keys = mfa_setting("MFA_ENCRYPTION_KEYS")
    if isinstance(keys, (str, bytes)) or not isinstance(keys, (list, tuple)):
        problems.append(
            _error(
                _("MFA_ENCRYPTION_KEYS must be a list of Fernet keys (newest first)."),
                _("Generate one with cryptography.fernet.Fernet.generate_key()."),
                1,
            )
        )
    else:
        for index, key in enumerate(keys):
            try:
                Fernet(key)
            except (ValueError, TypeError):
                # Never echo the value: it is a secret.
                problems.append(
                    _error(
                        _("MFA_ENCRYPTION_KEYS[%(index)d] is not a Fernet key.") % {"index": index},
                        _(
                            "A Fernet key is 32 bytes, url-safe base64 encoded "
                            "(Fernet.generate_key())."
                        ),
                        1,
                    )
                )
    for name in _BOOLEANS:
        if not isinstance(mfa_setting(name), bool):
            problems.append(
                _error(
                    _("%(name)s must be True or False.") % {"name": name},
                    _("Set %(name)s = True.") % {"name": name},
                    2,
                )
            )
    roles = mfa_setting("MFA_REQUIRED_ROLES")
    if isinstance(roles, str) or not all(isinstance(role, str) for role in roles or ()):
        problems.append(
            _error(
                _("MFA_REQUIRED_ROLES must be a list of role names."),
                _('For example MFA_REQUIRED_ROLES = ["admin", "finance"].'),
                3,
            )
        )
    for name in _POSITIVE:
        value = mfa_setting(name)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(
                _error(_("%(name)s must be a positive integer.") % {"name": name}, f"{name} = 5", 4)
            )
    return problems


def register_mfa_checks() -> None:
    checks.register(check_mfa_settings, checks.Tags.security)
