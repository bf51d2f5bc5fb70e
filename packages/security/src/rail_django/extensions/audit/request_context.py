"""The client IP and user agent of the request being served, for events whose producer does not
know the request (``permission.*`` from the permission backend, ``model.*`` from model events).

Set from Django's ``request_started`` signal (WSGI ``environ`` or ASGI ``scope``), cleared on
``request_finished``; a context variable, so threads and tasks do not share it. The IP is
``REMOTE_ADDR`` as the login throttle reads it (``X-Forwarded-For`` is client-controlled).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_current: ContextVar[dict[str, str] | None] = ContextVar("rail_django_audit_request", default=None)


def current() -> dict[str, str]:
    """``{"ip": ..., "user_agent": ...}`` of the current request (empty outside one)."""
    return _current.get() or {}


def started(sender: Any, environ: Any = None, scope: Any = None, **kwargs: Any) -> None:
    if environ is not None:
        facts = {
            "ip": str(environ.get("REMOTE_ADDR") or ""),
            "user_agent": str(environ.get("HTTP_USER_AGENT") or ""),
        }
    elif scope is not None:
        client = scope.get("client") or ("",)
        headers = dict(scope.get("headers") or ())
        facts = {
            "ip": str(client[0] or ""),
            "user_agent": headers.get(b"user-agent", b"").decode("latin-1"),
        }
    else:
        facts = {}
    _current.set(facts)


def finished(sender: Any, **kwargs: Any) -> None:
    _current.set(None)
