"""``security_settings.session_timeout_minutes``: sign-ins a browser holds end after that long idle.

Sliding, per schema, on every Rail endpoint (GraphQL, REST, websockets): each authenticated
request moves the deadline. Two kinds of browser sign-in hold state the user did not retype:

- a Django session (``login`` in session mode, the admin's login): the last activity is kept in
  the session; past the timeout the session is flushed (Django's ``logout``);
- cookie-mode JWT: the access and refresh cookies of one login share a token family; its last
  activity is kept in Django's cache (shared across servers when the cache is), and past the
  timeout the cookies are dropped and ``refreshToken`` from the cookie is refused, so the login
  cannot be revived by refreshing.

A ``Bearer`` header token (a mobile or server client) is not a browser session: its own lifetime
(``JWT_ACCESS_TOKEN_LIFETIME``) and the refresh family's bound it. ``None`` (or 0) turns the
timeout off. The last activity is written at most once a minute, so a busy user does not cost a
session or cache write per request.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.utils.translation import ngettext

from rail_django.contracts.authentication import AuthenticationRefusal
from rail_django.contracts.error_codes import ErrorCode
from rail_django.contracts.settings_registry import settings_registry

logger = logging.getLogger("rail_django.security.auth")

SESSION_KEY = "_rail_last_activity"
CACHE_PREFIX = "rail:idle"
#: Seconds between two writes of the last activity (the timeout's resolution).
WRITE_INTERVAL = 60


def _record_login(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    # A sign-in is activity: recorded in the login's own session save, so the first request
    # after it writes nothing.
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = int(time.time())


def connect_signals() -> None:
    """Record the activity of every session sign-in (``user_logged_in``)."""
    user_logged_in.connect(_record_login, dispatch_uid="rail_django_idle_timeout_login")


def timeout_seconds(schema_name: str | None) -> int | None:
    """The schema's idle timeout in seconds, ``None`` when off."""
    resolved = settings_registry.resolve(schema_name)
    minutes = resolved["security_settings"].get("session_timeout_minutes")
    return int(minutes * 60) if minutes else None


def session_expired(request: Any, schema_name: str) -> bool:
    """Whether the request's session user was idle past the timeout (then the session is
    ended); otherwise the activity is recorded."""
    limit = timeout_seconds(schema_name)
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if not limit or session is None or not getattr(user, "is_authenticated", False):
        return False
    now = int(time.time())
    last = session.get(SESSION_KEY)
    if isinstance(last, int) and now - last > limit:
        logout(request)
        return True
    if not isinstance(last, int) or now - last >= min(WRITE_INTERVAL, limit):
        session[SESSION_KEY] = now
    return False


def family_expired(family: str, schema_name: str | None) -> bool:
    """Whether the cookie login ``family`` was idle past the timeout; otherwise its activity is
    recorded. A cache outage never locks a user out: it lets the request go on, logged."""
    limit = timeout_seconds(schema_name)
    if not limit or not family:
        return False
    key = f"{CACHE_PREFIX}:{family}"
    now = int(time.time())
    try:
        last = cache.get(key)
        if isinstance(last, int) and now - last > limit:
            return True
        if not isinstance(last, int) or now - last >= min(WRITE_INTERVAL, limit):
            # Kept a little longer than the timeout, so an expired family stays expired.
            cache.set(key, now, timeout=limit + WRITE_INTERVAL + 60)
    except Exception:  # cache backends' connection errors share no base class
        logger.warning("Could not read or write a login's last activity.", exc_info=True)
    return False


def expired_refusal(schema_name: str | None) -> AuthenticationRefusal:
    """401 ``UNAUTHENTICATED`` with ``reason: session_expired`` (GraphiQL shows the message)."""
    minutes = (timeout_seconds(schema_name) or 0) // 60
    return AuthenticationRefusal(
        message=ngettext(
            "Your session ended after %(minutes)d minute of inactivity: sign in again.",
            "Your session ended after %(minutes)d minutes of inactivity: sign in again.",
            minutes,
        )
        % {"minutes": minutes},
        code=ErrorCode.UNAUTHENTICATED,
        status=401,
        reason="session_expired",
    )
