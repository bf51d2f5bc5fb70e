"""Token families bound to the credential they were issued for.

A family records a fingerprint of the user's password hash at login (Django's own
``get_session_auth_hash``: an HMAC of the hash under ``SECRET_KEY``, the value that already ends
sessions when a password changes). Verifying a token compares it with the user's current one, so
a password changed by any path - ``set_password`` + ``save``, the admin, ``changepassword``,
password reset, even a queryset ``update`` that sends no signal - ends every earlier token.

Deactivation cannot be caught that way (reactivating would revive the tokens), so a user saved
inactive has every live family revoked at once (:func:`connect_credential_signals`); a saved
password change revokes the stale families too, so the table says why they ended.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_save
from django.utils.crypto import constant_time_compare

__all__ = ["connect_credential_signals", "credential_of", "matches_credential"]

DEACTIVATED = "deactivated"
CREDENTIAL_CHANGED = "credential_changed"


def credential_of(user: Any) -> str:
    """The fingerprint of ``user``'s current password (``""`` for a user model without one)."""
    fingerprint = getattr(user, "get_session_auth_hash", None)
    return fingerprint() if callable(fingerprint) else ""


def matches_credential(family_credential: str, user: Any) -> bool:
    """Whether a family issued with ``family_credential`` still speaks for ``user``."""
    current = credential_of(user)
    if not current:
        return True  # a user model with no password: nothing to bind to
    return bool(family_credential) and constant_time_compare(family_credential, current)


def _user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from rail_django.security.auth.token_store import revoke_stale_families, revoke_user_tokens

    if kwargs.get("created"):
        return
    fields = kwargs.get("update_fields")
    if fields == frozenset({"last_login"}):
        return  # a login elsewhere changes nothing
    if not getattr(instance, "is_active", True):
        revoke_user_tokens(instance, DEACTIVATED)
    elif fields is None or "password" in fields:
        revoke_stale_families(instance, credential_of(instance), CREDENTIAL_CHANGED)


def connect_credential_signals() -> None:
    """Revoke a user's families when the user is saved inactive or with a new password."""
    post_save.connect(
        _user_saved,
        sender=settings.AUTH_USER_MODEL,
        weak=False,
        dispatch_uid="rail_django_security_credential_binding",
    )
