"""Failed-login throttling per username and client IP, kept in Django's cache.

After ``JWT_LOGIN_MAX_ATTEMPTS`` failures for one (username, IP) pair within
``JWT_LOGIN_LOCKOUT_SECONDS``, further attempts for that pair are refused without checking the
password (a correct one included) until the window passes. A success clears the count. Keys are
hashed so usernames never appear in the cache backend. Use a shared cache (Redis, database) in
production: a per-process cache counts per worker.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache

from rail_django.security.auth.token_settings import setting

_PREFIX = "rail_django:login_failures:"


def client_ip(request: Any) -> str:
    """The client address Django sees (``REMOTE_ADDR``). Behind a proxy, have the proxy (or a
    trusted middleware) set it: ``X-Forwarded-For`` is client-controlled and is not read here."""
    meta = getattr(request, "META", {}) or {}
    return str(meta.get("REMOTE_ADDR") or "unknown")


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.casefold()}\x00{ip}".encode()).hexdigest()
    return _PREFIX + digest


def is_locked(username: str, ip: str) -> bool:
    """Whether attempts for ``username`` from ``ip`` are currently refused."""
    limit = int(setting("JWT_LOGIN_MAX_ATTEMPTS"))
    if limit <= 0:
        return False
    return int(cache.get(_key(username, ip), 0)) >= limit


def record_failure(username: str, ip: str) -> int:
    """Count one failed attempt; returns the count within the current window."""
    key = _key(username, ip)
    window = int(setting("JWT_LOGIN_LOCKOUT_SECONDS"))
    # add() starts the window only for the first failure; incr() keeps its expiry.
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def clear_failures(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))
