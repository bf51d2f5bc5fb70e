"""Failed-login throttling per username and client IP, kept in Django's cache.

After ``JWT_LOGIN_MAX_ATTEMPTS`` failures for one (username, IP) pair within
``JWT_LOGIN_LOCKOUT_SECONDS``, further attempts for that pair are refused without checking the
password (a correct one included) until the window passes. A success clears the count.

Brute-force detection counts failures per account (any IP) and per IP (any account) in the same
window: reaching ``JWT_BRUTEFORCE_ACCOUNT_THRESHOLD`` or ``JWT_BRUTEFORCE_IP_THRESHOLD`` (0: off)
makes :func:`record_failure` report it (the login mutation records ``auth.bruteforce.suspected``)
and locks that account, or that IP, until the window passes. An account lock can be triggered by
anyone who knows the username: keep its threshold well above ``JWT_LOGIN_MAX_ATTEMPTS``. Keys are
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


def _account_key(username: str) -> str:
    return _PREFIX + "account:" + hashlib.sha256(username.casefold().encode()).hexdigest()


def _ip_key(ip: str) -> str:
    return _PREFIX + "ip:" + hashlib.sha256(ip.encode()).hexdigest()


def _over(key: str, name: str) -> bool:
    limit = int(setting(name))
    return limit > 0 and int(cache.get(key, 0)) >= limit


def bruteforce_suspected(username: str, ip: str) -> list[str]:
    """Which of ``"account"`` and ``"ip"`` have reached their brute-force threshold."""
    found = []
    if _over(_account_key(username), "JWT_BRUTEFORCE_ACCOUNT_THRESHOLD"):
        found.append("account")
    if _over(_ip_key(ip), "JWT_BRUTEFORCE_IP_THRESHOLD"):
        found.append("ip")
    return found


def is_locked(username: str, ip: str) -> bool:
    """Whether attempts for ``username`` from ``ip`` are currently refused."""
    if bruteforce_suspected(username, ip):
        return True
    limit = int(setting("JWT_LOGIN_MAX_ATTEMPTS"))
    if limit <= 0:
        return False
    return int(cache.get(_key(username, ip), 0)) >= limit


def record_failure(username: str, ip: str) -> int:
    """Count one failed attempt (for the pair, the account and the IP); returns the pair's
    count within the current window."""
    _count(_account_key(username))
    _count(_ip_key(ip))
    return _count(_key(username, ip))


def _count(key: str) -> int:
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
