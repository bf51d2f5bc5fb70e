"""Throttling failed second-factor attempts, per device and per user (Django's cache).

After ``MFA_MAX_ATTEMPTS`` failures in ``MFA_LOCKOUT_SECONDS`` the device (or every device and
backup code of the user) is locked until the window ends. A success clears the counters.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from rail_django.extensions.mfa.mfa_settings import mfa_setting


def _keys(user: Any, device_id: Any) -> list[str]:
    keys = [f"rail_mfa:fail:user:{user.pk}"]
    if device_id is not None:
        keys.append(f"rail_mfa:fail:device:{device_id}")
    return keys


def is_locked(user: Any, device_id: Any = None) -> bool:
    limit = mfa_setting("MFA_MAX_ATTEMPTS")
    return any((cache.get(key) or 0) >= limit for key in _keys(user, device_id))


def record_failure(user: Any, device_id: Any = None) -> None:
    window = mfa_setting("MFA_LOCKOUT_SECONDS")
    for key in _keys(user, device_id):
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def clear(user: Any, device_id: Any = None) -> None:
    cache.delete_many(_keys(user, device_id))
