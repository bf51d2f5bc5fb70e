"""Encrypting TOTP secrets at rest with Fernet (cryptography), rotatable with MultiFernet.

Keys come from ``MFA_ENCRYPTION_KEYS`` (newest first) or are derived with HKDF from
``SECRET_KEY`` then each of ``SECRET_KEY_FALLBACKS``: rotating Django's secret key the documented
way keeps existing devices readable. :func:`reencrypt` rewrites a token under the newest key.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from rail_django.extensions.mfa.mfa_settings import mfa_setting

_INFO = b"rail_django.extensions.mfa.totp-secret"


class SecretUnreadable(Exception):
    """No configured key decrypts a stored secret (the message never holds it)."""


def _derived(secret_key: str | bytes) -> bytes:
    raw = secret_key.encode() if isinstance(secret_key, str) else secret_key
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(raw)
    return base64.urlsafe_b64encode(key)


def _box() -> MultiFernet:
    keys = list(mfa_setting("MFA_ENCRYPTION_KEYS") or ())
    if not keys:
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ())]
        keys = [_derived(key) for key in keys]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(secret: str) -> str:
    return _box().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("A stored MFA secret cannot be decrypted with any key") from None


def reencrypt(token: str) -> str:
    """``token`` encrypted under the newest key (for a key rotation)."""
    return _box().rotate(token.encode()).decode()
