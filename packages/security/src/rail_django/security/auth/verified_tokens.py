"""A short-lived, in-process memory of access tokens found live, so a client sending the same
token request after request costs a signature check, not a SQL query each time.

Verifying an access token has two halves: its signature and claims (PyJWT, always checked, so a
settings change such as a new ``JWT_AUDIENCE`` applies at once) and its server-side state (its
family not revoked, its ``jti`` not denylisted, its user present and active: one query). This
module remembers the second half for ``JWT_VERIFICATION_CACHE_SECONDS`` (default 5; ``0`` turns
it off), keyed by ``jti``, bounded to :data:`MAX_ENTRIES` tokens.

It forgets at once, in this process, whatever logout, revocation, a password change or a change
to the user row touches (:func:`forget_token`, :func:`forget_family`, :func:`forget_user`, and
the model signals :func:`connect_signals` wires). Other processes learn of a revocation when
their entry expires: the setting bounds how long a revoked token can still be accepted there.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from rail_django.security.auth.token_settings import setting

__all__ = [
    "MAX_ENTRIES",
    "clear",
    "connect_signals",
    "forget_family",
    "forget_token",
    "forget_user",
    "generation",
    "recall",
    "remember",
]

#: How many live tokens are remembered at most (the least recently used are dropped first).
MAX_ENTRIES = 4096


@dataclass(frozen=True)
class _Entry:
    user: Any
    user_pk: str
    family: str
    subject: str
    expires: float


_entries: OrderedDict[str, _Entry] = OrderedDict()
_lock = threading.Lock()
#: Bumped by every forget: a verification that began before a revocation must not be remembered
#: after it (the revocation's forget ran while that verification read the database).
_generation = 0


def generation() -> int:
    """The current forget generation; pass it to :func:`remember` as ``seen``."""
    return _generation


def _ttl() -> float:
    value = setting("JWT_VERIFICATION_CACHE_SECONDS")
    try:
        return max(0.0, float(value or 0))
    except (TypeError, ValueError):
        return 0.0


def recall(jti: str, family: str, subject: str) -> Any | None:
    """A fresh copy of the user a live token ``jti`` (of ``family``, for ``subject``) was
    verified for within the TTL, or ``None``: verify it against the database."""
    with _lock:
        entry = _entries.get(jti)
        if entry is None:
            return None
        if entry.expires <= time.monotonic() or (entry.family, entry.subject) != (family, subject):
            del _entries[jti]
            return None
        _entries.move_to_end(jti)
    # Each request gets its own copy: what one request caches on its user (permissions) or
    # changes on it never reaches another.
    return copy.copy(entry.user)


def remember(jti: str, family: str, subject: str, user: Any, *, seen: int | None = None) -> None:
    """Note that token ``jti`` was found live for ``user`` (a no-op when the TTL is 0, or when
    something was forgotten since :func:`generation` answered ``seen``)."""
    ttl = _ttl()
    if ttl <= 0:
        return
    entry = _Entry(copy.copy(user), str(user.pk), family, subject, time.monotonic() + ttl)
    with _lock:
        if seen is not None and seen != _generation:
            return
        _entries[jti] = entry
        _entries.move_to_end(jti)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def forget_token(jti: str) -> None:
    _forget(lambda key, entry: key == jti)


def forget_family(family: Any) -> None:
    family_id = str(family)
    _forget(lambda key, entry: entry.family == family_id)


def forget_user(user_pk: Any) -> None:
    user_id = str(user_pk)
    _forget(lambda key, entry: entry.user_pk == user_id)


def clear() -> None:
    with _lock:
        _entries.clear()


def _forget(matches: Callable[[str, _Entry], bool]) -> None:
    def drop() -> None:
        global _generation
        with _lock:
            _generation += 1
            for jti in [jti for jti, entry in _entries.items() if matches(jti, entry)]:
                del _entries[jti]

    drop()
    # Again once the change commits: a request verifying the token meanwhile still saw it live
    # (the revocation was not committed yet) and may have remembered it.
    transaction.on_commit(drop)


def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # Django's login saves only last_login: signing in elsewhere revokes nothing.
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    forget_user(instance.pk)


def _family_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_family(instance.pk)


def _denylist_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_token(instance.jti)


def connect_signals() -> None:
    """Forget a user's tokens when the user row is saved or deleted (deactivation, password,
    deletion), and a family's or token's when it is edited (the admin) or deleted."""
    from rail_django.security.auth.models import RevokedAccessToken, TokenFamily

    receivers = (
        (settings.AUTH_USER_MODEL, _user_changed),
        (TokenFamily, _family_changed),
        (RevokedAccessToken, _denylist_changed),
    )
    for sender, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver,
                sender=sender,
                weak=False,
                dispatch_uid=f"rail_django_security_verified_tokens_{receiver.__name__}",
            )
